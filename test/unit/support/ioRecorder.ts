// Records what code does to the outside world while the recorder is on: every file it opens,
// reads, stats or lists (by path), and every network attempt (sockets, DNS, http(s), fetch),
// which is refused. Patches the module objects, so bundles that call `fs.readFile(...)` at run
// time are seen; `restore()` puts everything back.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';

export interface IoRecord {
  files: string[];
  network: string[];
  restore(): void;
}

const FILE_FUNCTIONS = {
  fs: ['readFile', 'readFileSync', 'open', 'openSync', 'createReadStream', 'stat', 'statSync', 'lstat', 'lstatSync', 'existsSync', 'access', 'accessSync', 'readdir', 'readdirSync', 'watch', 'watchFile'],
  fsp: ['readFile', 'open', 'stat', 'lstat', 'access', 'readdir', 'watch'],
} as const;

export function recordIo(): IoRecord {
  const record: IoRecord = { files: [], network: [], restore: () => {} };
  const undo: (() => void)[] = [];
  const patch = <T extends object>(target: T, name: string, wrap: (original: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown) => {
    const holder = target as Record<string, unknown>;
    const original = holder[name] as (...a: unknown[]) => unknown;
    holder[name] = wrap(original);
    undo.push(() => { holder[name] = original; });
  };
  const fileArg = (a: unknown) => (a instanceof URL ? a.pathname : typeof a === 'number' ? `fd:${a}` : String(a));

  for (const name of FILE_FUNCTIONS.fs) {
    patch(fs, name, (original) => function (this: unknown, ...args: unknown[]) {
      record.files.push(fileArg(args[0]));
      return original.apply(this, args);
    });
  }
  for (const name of FILE_FUNCTIONS.fsp) {
    patch(fsp, name, (original) => function (this: unknown, ...args: unknown[]) {
      record.files.push(fileArg(args[0]));
      return original.apply(this, args);
    });
  }

  const refuse = (what: string) => {
    record.network.push(what);
    return new Error(`network access during a recorded section: ${what}`);
  };
  patch(net.Socket.prototype, 'connect', () => function (this: net.Socket, ...args: unknown[]) {
    const err = refuse(`connect ${JSON.stringify(args[0])}`);
    process.nextTick(() => this.destroy(err));
    return this;
  });
  patch(dns, 'lookup', () => (host: unknown, ...rest: unknown[]) => {
    const cb = rest[rest.length - 1];
    const err = refuse(`dns ${String(host)}`);
    if (typeof cb === 'function') process.nextTick(() => cb(err));
  });
  patch(dns.promises, 'lookup', () => (host: unknown) => Promise.reject(refuse(`dns ${String(host)}`)));
  for (const [name, mod] of [['http', http], ['https', https]] as const) {
    for (const fn of ['request', 'get']) {
      patch(mod, fn, () => (...args: unknown[]) => { throw refuse(`${name}.${fn} ${String(args[0])}`); });
    }
  }
  patch(globalThis, 'fetch', () => (input: unknown) => Promise.reject(refuse(`fetch ${String(input)}`)));

  record.restore = () => {
    for (const u of undo.reverse()) u();
  };
  return record;
}
