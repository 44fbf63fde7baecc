// The loopback guard that the VS Code host's Node processes run with (scripts/vscode-host/):
// it refuses and records what would leave this machine and lets loopback through.
// Nothing may leave the machine even if the guard is broken: each child process first loads
// a backstop that answers every non-loopback connect or lookup with `LEAK` without touching
// the network; the guard is loaded on top of it, so a guard that lets something through makes
// the test fail on `LEAK`, not send a packet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/paths';
import { isLoopbackHost, isLoopbackUrl } from '../../scripts/vscode-host/loopback.cjs';

const GUARD = path.join(repoRoot, 'scripts/vscode-host/loopback-guard.cjs');

const BACKSTOP = `
const net = require('node:net');
const dns = require('node:dns');
const local = (h) => h === undefined || h === null || h === '' || h === 'localhost' || /^127\\./.test(String(h));
const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'object' ? args[0] : { host: args[1] };
  if (o.path || local(o.host)) return realConnect.apply(this, args);
  const err = new Error('LEAK'); err.code = 'LEAK';
  process.nextTick(() => this.destroy(err));
  return this;
};
const realLookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (local(host)) return realLookup.call(this, host, ...rest);
  const cb = rest[rest.length - 1]; const err = new Error('LEAK'); err.code = 'LEAK';
  process.nextTick(() => cb(err));
};
dns.promises.lookup = (host) => Promise.reject(Object.assign(new Error('LEAK'), { code: 'LEAK' }));
`;

/** Runs `script` in a Node child with the backstop, then (if `guard`) the guard; returns its stdout. */
async function runGuarded(dir: string, script: string, env: Record<string, string>, guard = true): Promise<string> {
  const backstop = path.join(dir, 'backstop.cjs');
  fs.writeFileSync(backstop, BACKSTOP);
  const requires = ['--require', backstop, ...(guard ? ['--require', GUARD] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...requires, '-e', script], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}

/** Tries http, fetch and a raw socket to each target; prints the outcome of each as JSON. */
function attempts(targets: string[]): string {
  return `
    const http = require('node:http');
    const net = require('node:net');
    const viaHttp = (url) => new Promise((resolve) => http.get(url, (res) => { res.resume(); resolve('ok ' + res.statusCode); }).on('error', (e) => resolve(e.code)));
    const viaFetch = (url) => fetch(url).then((r) => 'ok ' + r.status, (e) => (e.cause && e.cause.code) || e.message);
    const viaSocket = (url) => new Promise((resolve) => { const u = new URL(url); const s = net.connect(Number(u.port) || 80, u.hostname); s.on('connect', () => { s.destroy(); resolve('ok'); }); s.on('error', (e) => resolve(e.code)); });
    (async () => {
      const out = [];
      for (const url of ${JSON.stringify(targets)}) out.push([await viaHttp(url), await viaFetch(url), await viaSocket(url)]);
      console.log(JSON.stringify(out));
    })();`;
}

test('loopback means 127.0.0.0/8, ::1 and localhost', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'api.localhost', '::1', '[::1]', '::ffff:127.0.0.1', '', undefined]) assert.ok(isLoopbackHost(h), String(h));
  for (const h of ['10.0.0.1', '192.168.1.1', '192.0.2.1', 'example.com', '::ffff:10.0.0.1', '128.0.0.1', 'localhost.example.com']) assert.ok(!isLoopbackHost(h), h);
  assert.ok(isLoopbackUrl('http://127.0.0.1:8080/x'));
  assert.ok(isLoopbackUrl('ws://localhost/'));
  assert.ok(isLoopbackUrl('data:text/plain,hi'));
  assert.ok(!isLoopbackUrl('https://open-vsx.org/api'));
});

test('the backstop alone catches what leaves (so the guard test below cannot leak)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-guard-'));
  try {
    const out = JSON.parse(await runGuarded(dir, attempts(['http://192.0.2.1:8999/', 'http://example.invalid/']), {}, false));
    assert.deepEqual(out, [['LEAK', 'LEAK', 'LEAK'], ['LEAK', 'LEAK', 'LEAK']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the guard refuses and records non-loopback connects and lookups (http, fetch, sockets); 127.0.0.1 passes', async () => {
  const server = http.createServer((_req, res) => res.end('local'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-guard-'));
  const log = path.join(dir, 'guard.jsonl');
  try {
    const out = JSON.parse(await runGuarded(dir, attempts(['http://192.0.2.1:8999/', 'http://example.invalid/', `http://127.0.0.1:${port}/`]), { LOOPBACK_GUARD_LOG: log }));
    assert.deepEqual(out, [
      ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED'],
      ['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED'],
      ['ok 200', 'ok 200', 'ok'],
    ]);
    const entries = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string; detail: string });
    assert.deepEqual(entries.map((e) => `${e.kind} ${e.detail}`), [
      'loaded ',
      ...Array(3).fill('connect 192.0.2.1:8999'),
      ...Array(3).fill('connect example.invalid:80'),
    ]);
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the guard refuses lookups of non-loopback names', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-guard-'));
  try {
    const script = `require('node:dns').lookup('example.invalid', (e) => console.log(e && e.code));
      require('node:dns').promises.lookup('example.invalid').catch((e) => console.log(e.code));`;
    assert.deepEqual((await runGuarded(dir, script, { LOOPBACK_GUARD_LOG: '' })).split('\n'), ['ENOTFOUND', 'ENOTFOUND']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
