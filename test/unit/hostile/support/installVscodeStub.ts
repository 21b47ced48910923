// Makes `import * as vscode from 'vscode'` resolve to the recording stand-in (vscodeStub.ts) in this
// mocha process. Import this before any host module. Only the bare specifier 'vscode' is redirected.
import Module from 'node:module';
import { vscodeStub } from './vscodeStub';

const STUB_ID = '\0gemini-chat-vscode-stub';
const loader = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
};

if (!loader._cache[STUB_ID]) {
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? STUB_ID : original.call(this, request, ...rest);
  };
  const stubModule = new Module(STUB_ID);
  stubModule.exports = vscodeStub;
  stubModule.loaded = true;
  loader._cache[STUB_ID] = stubModule;
}
