import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import yaml from 'js-yaml';
import { FaultProxy } from '../support/faultProxy';
import { ProxiedCloud } from '../support/proxiedCloud';

// A tiny backend: JSON, a large chunked body, an upload sink that tells what it received.
interface Upload { received: number; complete: boolean }
const uploads: Upload[] = [];
const BIG = Buffer.alloc(64 * 1024, 'x');
let backend: http.Server;
let backendUrl = '';
let proxy: FaultProxy;

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

before(async () => {
  backend = http.createServer((req, res) => {
    if (req.url === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ hello: 'world', host: req.headers.host, items: [1, 2, 3] }));
    } else if (req.url === '/big') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      for (let i = 0; i < BIG.length; i += 8192) res.write(BIG.subarray(i, i + 8192));
      res.end();
    } else if (req.url === '/upload') {
      const upload: Upload = { received: 0, complete: false };
      uploads.push(upload);
      req.on('data', (c: Buffer) => { upload.received += c.length; });
      req.on('end', () => {
        upload.complete = true;
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ received: upload.received }));
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  backendUrl = await listen(backend);
});
after(() => new Promise<void>((resolve) => { backend.closeAllConnections(); backend.close(() => resolve()); }));
beforeEach(async () => {
  await proxy?.close();
  proxy = await FaultProxy.start(backendUrl);
  uploads.length = 0;
});
after(() => proxy?.close());

const get = (p: string, init?: RequestInit) => fetch(proxy.url + p, init);

test('forwards requests unchanged, keeps the Host header, and records them', async () => {
  const r = await get('/json');
  assert.equal(r.status, 200);
  const body = (await r.json()) as { hello: string; host: string };
  assert.equal(body.hello, 'world');
  assert.equal(body.host, new URL(proxy.url).host, 'services see the proxy as their host and link back to it');
  assert.equal(proxy.requests.length, 1);
  assert.deepEqual({ ...proxy.requests[0], responseBytes: proxy.requests[0].responseBytes > 0 },
    { method: 'GET', path: '/json', status: 200, fault: undefined, requestBytes: 0, responseBytes: true, token: undefined });
  assert.equal(proxy.urlFor(`${backendUrl}/v2.1/`), `${proxy.url}/v2.1`);
});

test('respondWith answers 500/503/413/409 without forwarding, as many times as asked', async () => {
  for (const status of [500, 503, 413, 409]) {
    const rule = proxy.respondWith({ method: 'PUT', path: /^\/upload$/ }, status, 2);
    for (let i = 0; i < 2; i++) {
      const r = await get('/upload', { method: 'PUT', body: 'abc' });
      assert.equal(r.status, status);
      assert.equal(((await r.json()) as { error: { code: number } }).error.code, status);
    }
    assert.equal(rule.hits, 2);
    assert.equal(rule.remaining, 0);
    assert.equal(uploads.length, 0, 'nothing reached the backend');
    const ok = await get('/upload', { method: 'PUT', body: 'abc' });
    assert.equal(ok.status, 201);
    uploads.length = 0;
  }
  assert.deepEqual(proxy.requests.filter((r) => r.fault).map((r) => [r.status, r.requestBytes]), [[500, 3], [500, 3], [503, 3], [503, 3], [413, 3], [413, 3], [409, 3], [409, 3]]);
});

test('a rule matches by method and path regex only; always fires until cleared', async () => {
  proxy.respondWith({ method: 'GET', path: /^\/json/ }, 503, 'always');
  assert.equal((await get('/upload', { method: 'PUT', body: 'x' })).status, 201);
  assert.equal((await get('/big')).status, 200);
  assert.equal((await get('/json', { method: 'HEAD' })).status, 200);
  for (let i = 0; i < 3; i++) assert.equal((await get('/json')).status, 503);
  proxy.clearFaults();
  assert.equal((await get('/json')).status, 200);
  assert.throws(() => proxy.delay({}, 1, 0), /positive count/);
});

test('unauthorizedOnce answers 401 with WWW-Authenticate once; the record keeps a token fingerprint, not the token', async () => {
  proxy.unauthorizedOnce({ path: /^\/json$/ });
  const first = await get('/json', { headers: { 'X-Auth-Token': 'old-secret-token' } });
  assert.equal(first.status, 401);
  assert.match(first.headers.get('www-authenticate') ?? '', /^Keystone uri=/);
  const second = await get('/json', { headers: { 'X-Auth-Token': 'new-secret-token' } });
  assert.equal(second.status, 200);
  const [a, b] = proxy.requests;
  assert.ok(a.token && b.token && a.token !== b.token);
  assert.doesNotMatch(JSON.stringify(proxy.requests), /secret/);
});

test('dropRequestAfter forwards exactly N bytes of the upload, then resets both sides', async () => {
  proxy.dropRequestAfter({ method: 'PUT' }, 1000);
  await assert.rejects(get('/upload', { method: 'PUT', body: Buffer.alloc(50_000, 1) }));
  await waitUntil(() => uploads.length === 1 && uploads[0].received === 1000);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(uploads, [{ received: 1000, complete: false }]);
  assert.equal(proxy.requests[0].fault, 'drop-request');
  assert.equal(proxy.requests[0].status, undefined);
  // next request passes
  assert.equal((await get('/upload', { method: 'PUT', body: Buffer.alloc(5000) })).status, 201);
});

test('dropResponseAfter sends the status and N bytes, then resets; never a whole short body', async () => {
  proxy.dropResponseAfter({ path: /^\/big$/ }, 20_000);
  const r = await get('/big');
  assert.equal(r.status, 200);
  await assert.rejects(r.arrayBuffer());
  assert.equal(proxy.requests[0].responseBytes, 20_000);

  proxy.dropResponseAfter({ path: /^\/json$/ }, 1_000_000);
  const short = await get('/json');
  await assert.rejects(short.text(), 'a body shorter than N still loses its end');
  assert.equal((await get('/big')).status, 200);
});

test('delay holds the request for the given time, then forwards', async () => {
  proxy.delay({ path: /^\/upload$/ }, 300);
  const t0 = Date.now();
  const r = await get('/upload', { method: 'PUT', body: Buffer.alloc(10_000, 2) });
  assert.ok(Date.now() - t0 >= 290);
  assert.deepEqual(await r.json(), { received: 10_000 });
});

test('stall never answers: the client times out; close() releases held connections', async () => {
  proxy.stall({ path: /^\/json$/ }, 'always');
  await assert.rejects(get('/json', { signal: AbortSignal.timeout(300) }), { name: 'TimeoutError' });
  const pending = get('/json').then(() => 'answered', () => 'reset');
  await waitUntil(() => proxy.requests.length === 2);
  await proxy.close();
  assert.equal(await pending, 'reset');
});

test('corruptJson truncates the body by default, or applies an edit; Content-Length stays right', async () => {
  proxy.corruptJson({ path: /^\/json$/ });
  const broken = await get('/json');
  assert.equal(broken.status, 200);
  const text = await broken.text();
  assert.throws(() => JSON.parse(text));
  assert.equal(broken.headers.get('content-length'), String(Buffer.byteLength(text)));

  proxy.corruptJson({ path: /^\/json$/ }, 'once', (b) => ({ ...(b as object), items: 'not-a-list' }));
  assert.deepEqual(((await (await get('/json')).json()) as { items: unknown }).items, 'not-a-list');
  assert.deepEqual(((await (await get('/json')).json()) as { items: unknown }).items, [1, 2, 3]);
});

test('rewriteJson applies to every matching JSON response and is not a fault', async () => {
  proxy.rewriteJson({ path: /^\/json$/ }, async (b) => ({ ...(b as object), rewritten: true }));
  for (let i = 0; i < 2; i++) assert.equal(((await (await get('/json')).json()) as { rewritten: boolean }).rewritten, true);
  assert.equal(proxy.requests.filter((r) => r.fault).length, 0);
});

test('an unreachable target answers 502; an https target is refused', async () => {
  await assert.rejects(FaultProxy.start('https://127.0.0.1:1'), /plain HTTP only/);
  const dead = await FaultProxy.start('http://127.0.0.1:9'); // discard port: nothing listens
  try {
    assert.equal((await fetch(`${dead.url}/x`)).status, 502);
  } finally {
    await dead.close();
  }
});

test('ProxiedCloud: derived clouds.yaml through a keystone proxy, catalog endpoints rewritten to proxies', async () => {
  // a stand-in keystone whose catalog names the backend above as the image service
  const keystone = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const catalog = [
        { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', region: 'RegionOne', url: `http://${req.headers.host}/v3` }] },
        { type: 'image', endpoints: ['RegionOne', 'RegionTwo'].map((r) => ({ interface: 'public', region_id: r, region: r, url: `${backendUrl}/` })) },
      ];
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Subject-Token': 'tok' });
      res.end(JSON.stringify({ token: { catalog } }));
    });
  });
  const keystoneUrl = await listen(keystone);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxied-cloud-'));
  const original = path.join(dir, 'original.yaml');
  fs.writeFileSync(original, yaml.dump({ clouds: {
    other: { auth: { auth_url: 'http://127.0.0.1:1/v3' } },
    mine: { auth: { auth_url: `${keystoneUrl}/v3`, username: 'u', password: 'p' }, region_name: 'RegionOne', image_api_use_tasks: true },
  } }));
  const cloud = await ProxiedCloud.start(original, 'mine', path.join(dir, 'proxied'));
  try {
    const derived = yaml.load(fs.readFileSync(cloud.cloudsYaml, 'utf8')) as { clouds: Record<string, { auth: { auth_url: string; password: string }; image_api_use_tasks: boolean }> };
    assert.deepEqual(Object.keys(derived.clouds), ['mine']);
    assert.equal(derived.clouds.mine.auth.auth_url, `${cloud.identity.url}/v3`);
    assert.equal(derived.clouds.mine.auth.password, 'p');
    assert.equal(derived.clouds.mine.image_api_use_tasks, true);
    assert.throws(() => cloud.service('image'), /authenticate through/);

    const r = await fetch(`${cloud.identity.url}/v3/auth/tokens`, { method: 'POST', body: '{}' });
    const token = (await r.json()) as { token: { catalog: { type: string; endpoints: { url: string }[] }[] } };
    const [identity, image] = token.token.catalog;
    assert.equal(identity.endpoints[0].url, `${cloud.identity.url}/v3`);
    const imageProxy = cloud.service('image', 'RegionTwo');
    assert.deepEqual(image.endpoints.map((e) => e.url), [`${imageProxy.url}/`, `${imageProxy.url}/`]);
    assert.equal(cloud.service('image', 'RegionOne'), imageProxy, 'one proxy per origin');

    imageProxy.respondWith({ path: /^\/json$/ }, 503);
    assert.equal((await fetch(`${imageProxy.url}/json`)).status, 503);
    assert.equal((await fetch(`${imageProxy.url}/json`)).status, 200);
    assert.equal(cloud.all().length, 2);
  } finally {
    await cloud.close();
    keystone.closeAllConnections();
    keystone.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function waitUntil(cond: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
