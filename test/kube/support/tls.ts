// A throwaway CA and a server certificate for 127.0.0.1, made with the openssl binary (node:crypto
// cannot issue X.509 certificates). Generated once per test process into a temp dir.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../support/temp';

export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

let cached: TestTls | undefined;

export function testTls(): TestTls {
  if (cached) return cached;
  const dir = tempDir('helm-intent-tls-');
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=helm-intent-test-ca',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(
    f('ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.crt'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.crt'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  );
  cached = {
    caPem: readFileSync(f('ca.crt'), 'utf8'),
    certPem: readFileSync(f('server.crt'), 'utf8'),
    keyPem: readFileSync(f('server.key'), 'utf8'),
  };
  return cached;
}
