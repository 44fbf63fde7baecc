// Requests through the environment's proxy, for image sources (SourceHttp) and for clouds
// (Transport), as curl and Python's requests (keystoneauth, openstacksdk) make them: a plain-HTTP
// target is asked of the proxy in absolute form (Squid and most proxies refuse CONNECT to port 80
// by default), HTTPS goes through a CONNECT tunnel, NO_PROXY hosts are reached directly, and a
// proxy that never answers fails the request within our timeout, not undici's 300 s.
// The "proxies" are loopback servers that answer themselves (a test double: no real proxy is
// needed to see what a client asks of one), so no request leaves the machine and example.invalid
// is never resolved.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { SourceHttp } from '../../extension/baseImages/http';
import { Transport } from '../../extension/openstack/http/transport';
import { detectUrlFormat } from '../../extension/openstack/images/urlCheck';
import { withEnvironment } from '../support/environment';

const seen: string[] = [];
const sockets = new Set<Socket>();
const proxy = http.createServer((req, res) => {
  seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
  if (req.url === 'http://example.invalid/moved') return res.writeHead(302, { location: '/image' }).end();
  res.writeHead(200, { 'content-length': 9 }).end('via proxy');
});
proxy.on('connect', (req, socket: Socket) => {
  seen.push(`CONNECT ${req.url}`);
  socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
});
/** Reads requests and CONNECTs and never answers. */
const unanswered: string[] = [];
const silent = http.createServer((req) => void unanswered.push(`${req.method} ${req.url}`));
silent.on('connect', (req) => void unanswered.push(`CONNECT ${req.url}`));
const direct = http.createServer((_req, res) => res.writeHead(200, { 'content-length': 6 }).end('direct'));
for (const server of [proxy, silent, direct]) server.on('connection', (s: Socket) => sockets.add(s));
const listen = (server: http.Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const ports = Promise.all([listen(proxy), listen(silent), listen(direct)]);
after(() => {
  for (const s of sockets) s.destroy();
  for (const server of [proxy, silent, direct]) server.close();
});

const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];
const withProxyEnvironment = <T>(values: Record<string, string>, run: () => Promise<T>) => withEnvironment(PROXY_VARIABLES, values, run);

async function text(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

test('image sources: plain-HTTP GETs and their redirects go to the proxy in absolute form; NO_PROXY hosts are reached directly', async () => {
  const [proxyPort, , directPort] = await ports;
  seen.length = 0;
  await withProxyEnvironment({ HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: `localhost,127.0.0.1:${directPort}` }, async () => {
    const sources = new SourceHttp({ timeoutMs: 5000 });
    try {
      const res = await sources.get('http://example.invalid/moved');
      assert.equal(res.status, 200);
      assert.equal(res.url, 'http://example.invalid/image');
      assert.equal(await text(res.body), 'via proxy');
      assert.deepEqual(seen, ['GET http://example.invalid/moved host=example.invalid', 'GET http://example.invalid/image host=example.invalid']);
      assert.equal(await sources.text(`http://127.0.0.1:${directPort}/x`), 'direct');
      assert.equal(seen.length, 2, 'the NO_PROXY host did not go through the proxy');
    } finally {
      await sources.close();
    }
  });
});

test('image sources: HTTPS goes through a CONNECT tunnel, and a refused tunnel is a failure that names the URL', async () => {
  const [proxyPort] = await ports;
  seen.length = 0;
  await withProxyEnvironment({ HTTPS_PROXY: `http://127.0.0.1:${proxyPort}` }, async () => {
    const sources = new SourceHttp({ timeoutMs: 5000 });
    try {
      await assert.rejects(sources.get('https://example.invalid/image.qcow2'), (e: Error) => {
        assert.match(e.message, /https:\/\/example\.invalid\/image\.qcow2/);
        return true;
      });
      assert.deepEqual(seen, ['CONNECT example.invalid:443']);
    } finally {
      await sources.close();
    }
  });
});

test('image sources: a proxy that never answers fails the GET and the CONNECT within our timeout', async () => {
  const [, silentPort] = await ports;
  await withProxyEnvironment({ HTTP_PROXY: `http://127.0.0.1:${silentPort}`, HTTPS_PROXY: `http://127.0.0.1:${silentPort}` }, async () => {
    const sources = new SourceHttp({ timeoutMs: 400 });
    try {
      for (const url of ['http://example.invalid/SHA256SUMS', 'https://example.invalid/SHA256SUMS']) {
        const started = Date.now();
        await assert.rejects(sources.get(url));
        assert.ok(Date.now() - started < 5000, `${url} failed after ${Date.now() - started} ms`);
      }
      assert.deepEqual(unanswered.splice(0), ['GET http://example.invalid/SHA256SUMS', 'CONNECT example.invalid:443']);
    } finally {
      await sources.close();
    }
  });
});

test('clouds: a plain-HTTP endpoint is asked of the proxy in absolute form, and a silent proxy times out', async () => {
  const [proxyPort, silentPort] = await ports;
  seen.length = 0;
  const transport = new Transport({ cloud: 'proxied', tls: { verify: true }, timeoutMs: 400, proxy: { httpProxy: `http://127.0.0.1:${proxyPort}` } });
  try {
    const res = await transport.request({ service: 'identity', method: 'GET', url: 'http://example.invalid:5000/v3', attempts: 1 });
    assert.equal(res.status, 200);
    await res.body.dump();
    assert.deepEqual(seen, ['GET http://example.invalid:5000/v3 host=example.invalid:5000']);
  } finally {
    await transport.dispatcher.close();
  }
  const stuck = new Transport({ cloud: 'stuck', tls: { verify: true }, timeoutMs: 400, proxy: { httpProxy: `http://127.0.0.1:${silentPort}`, httpsProxy: `http://127.0.0.1:${silentPort}` } });
  try {
    for (const url of ['http://example.invalid:5000/v3', 'https://example.invalid:5000/v3']) {
      const started = Date.now();
      await assert.rejects(stuck.request({ service: 'identity', method: 'GET', url, attempts: 1 }), /identity/);
      assert.ok(Date.now() - started < 5000, `${url} failed after ${Date.now() - started} ms`);
    }
    assert.deepEqual(unanswered.splice(0), ['GET http://example.invalid:5000/v3', 'CONNECT example.invalid:5000']);
  } finally {
    await stuck.dispatcher.destroy();
  }
});

test("the editor's proxy (VS Code's http.proxy, passed in) is used for image URLs without any proxy variable set", async () => {
  const [proxyPort] = await ports;
  seen.length = 0;
  await withProxyEnvironment({}, async () => {
    const proxy = { httpProxy: `http://127.0.0.1:${proxyPort}`, httpsProxy: `http://127.0.0.1:${proxyPort}` };
    const sources = new SourceHttp({ timeoutMs: 5000, proxy });
    try {
      assert.equal(await sources.text('http://example.invalid/SHA256SUMS'), 'via proxy');
    } finally {
      await sources.close();
    }
    // The upload-from-URL check reads the image's first bytes: through the same proxy.
    assert.equal(await detectUrlFormat('http://example.invalid/disk.img', { proxy, timeoutMs: 5000 }), 'raw');
    assert.deepEqual(seen, ['GET http://example.invalid/SHA256SUMS host=example.invalid', 'GET http://example.invalid/disk.img host=example.invalid']);
  });
});

test('clouds: a host in a NO_PROXY CIDR block is reached directly, others through the proxy (undici alone ignored CIDR blocks)', async () => {
  const [proxyPort, , directPort] = await ports;
  seen.length = 0;
  const transport = new Transport({ cloud: 'split', tls: { verify: true }, timeoutMs: 5000, proxy: { httpProxy: `http://127.0.0.1:${proxyPort}`, noProxy: 'proxy.corp, 127.0.0.0/8' } });
  try {
    const near = await transport.request({ service: 'identity', method: 'GET', url: `http://127.0.0.1:${directPort}/v3`, attempts: 1 });
    assert.equal(await near.body.text(), 'direct');
    const far = await transport.request({ service: 'identity', method: 'GET', url: 'http://example.invalid/v3', attempts: 1 });
    assert.equal(await far.body.text(), 'via proxy');
    assert.deepEqual(seen, ['GET http://example.invalid/v3 host=example.invalid']);
  } finally {
    await transport.dispatcher.close();
  }
});
