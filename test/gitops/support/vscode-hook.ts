// Makes `require('vscode')` load ./vscode-stub.ts, so client modules run under the test runner.
// Import this before any client module.
import Module from 'node:module';
import path from 'node:path';

const stubPath = path.join(__dirname, 'vscode-stub.ts');
const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })
  ._resolveFilename;
(Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename =
  function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stubPath : resolve.call(this, request, ...rest);
  };
