// A stand-in for the `vscode` module, for Node tests that load the extension bundle without
// VS Code: every property is another stub, every call and `new` is recorded and returns a stub,
// properties that are set keep their value. `overrides` gives fixed values by path, e.g.
// 'workspace.getConfiguration()' or 'workspace.workspaceFolders'. The module's own keys are the
// value exports of @types/vscode, so that a bundler's namespace import copies them all.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths';

/** Names of the values `vscode` exports (namespaces, classes, enums, constants, functions). */
function vscodeExportNames(): string[] {
  const dts = fs.readFileSync(path.join(repoRoot, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  return [...dts.matchAll(/^\texport (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]);
}

export interface StubCall {
  path: string;
  args: unknown[];
}

export function createVscodeStub(overrides: Record<string, unknown> = {}): { vscode: unknown; calls: StubCall[] } {
  const calls: StubCall[] = [];
  const cache = new Map<string, unknown>();

  const make = (path: string): unknown => {
    if (path in overrides) return overrides[path];
    const cached = cache.get(path);
    if (cached) return cached;
    const own = new Map<PropertyKey, unknown>();
    const proxy: unknown = new Proxy(function stub() {}, {
      get(_target, prop) {
        if (own.has(prop)) return own.get(prop);
        if (prop === 'then') return undefined; // not a thenable: `await stub` gives the stub
        if (prop === Symbol.toPrimitive) return () => `[vscode stub ${path}]`;
        if (prop === Symbol.hasInstance) return () => false;
        if (prop === 'prototype') return {};
        if (typeof prop === 'symbol') return undefined;
        return make(`${path}.${prop}`);
      },
      set(_target, prop, value) {
        own.set(prop, value);
        return true;
      },
      apply(_target, _this, args) {
        calls.push({ path, args });
        return make(`${path}()`);
      },
      construct(_target, args) {
        calls.push({ path: `new ${path}`, args });
        return make(`new ${path}#${calls.length}`) as object; // each instance its own
      },
    });
    cache.set(path, proxy);
    return proxy;
  };

  const names = vscodeExportNames();
  const root = new Proxy({}, {
    get: (_target, prop) => (typeof prop === 'string' ? make(prop) : undefined),
    ownKeys: () => names,
    getOwnPropertyDescriptor: (_target, prop) =>
      typeof prop === 'string' && names.includes(prop) ? { configurable: true, enumerable: true, writable: false, value: make(prop) } : undefined,
  });
  return { vscode: root, calls };
}
