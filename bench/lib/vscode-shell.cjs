// A `vscode` module stand-in for timing extension activation outside VS Code: every namespace,
// class and function exists and answers with another stand-in (events, disposables, classes to
// extend), enough for vscode-languageclient to load, start the real server and register its features.
const Module = require('node:module');
const path = require('node:path');

function shell(name) {
  const fn = function () {};
  const props = new Map();
  return new Proxy(fn, {
    get(target, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === 'prototype') return target.prototype;
      if (typeof key === 'symbol') return key === Symbol.toPrimitive ? () => name : undefined;
      if (!props.has(key)) props.set(key, shell(`${name}.${key}`));
      return props.get(key);
    },
    set(_target, key, value) {
      props.set(key, value);
      return true;
    },
    apply: () => shell(`${name}()`),
    construct: () => shell(`new ${name}`),
  });
}

// The top-level names of the real API (from @types/vscode), so bundlers' namespace copies see them.
const api = require('node:fs').readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const vscode = {};
for (const [, name] of api.matchAll(/^\t(?:export )?(?:namespace|class|enum|const|function|let) (\w+)/gm))
  vscode[name] ??= shell(name);
vscode.version = '1.90.0';
const stubPath = path.join(__dirname, 'vscode-shell-module.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolve.call(this, request, ...rest);
};
require.cache[stubPath] = { id: stubPath, filename: stubPath, loaded: true, exports: vscode };
module.exports = { vscode, shell };
