// An httpGet body read into a BodySink (httpBody.ts), as a download reads it: the socket's reads
// land in the memory the sink lends, the latest lent, and only the framed bytes count; a sink that
// asks to wait pauses the socket without timing it out; a sink's error ends the body with that
// error; a chunked body and one behind a proxy are copied in. Against the raw loopback server
// (test/support/rawHttpServer.ts, a hostile-server test double) and, over TLS, the same server.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { BodySink } from '../../extension/baseImages/bodySink';
import { httpGet } from '../../extension/baseImages/httpGet';
import { SourceHttp } from '../../extension/baseImages/http';
import { bytes, rawServer, response } from '../support/rawHttpServer';
import { makeTlsMaterial } from '../support/tlsServer';
import { startForwardProxy } from '../support/forwardProxy';
import { unsetEnvironment } from '../support/environment';

for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[name];

const T = { timeout: 15_000 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const plain = rawServer((onSocket) => net.createServer(onSocket));
after(async () => (await plain).close());

/**
 * Lends fresh memory of `lend` bytes each time and keeps what was filled from the *latest* loan
 * (bytes a read put in an older loan would be lost, and the comparison would fail); every
 * `waitEvery`-th fill asks the reader to wait `waitMs`.
 */
function collecting(lend: number, { waitEvery = 0, waitMs = 0 } = {}) {
  const parts: Buffer[] = [];
  let loan = Buffer.alloc(0);
  let fills = 0;
  const sink: BodySink = {
    space: () => (loan = Buffer.alloc(lend)),
    filled(n) {
      assert.ok(n > 0 && n <= loan.length, `filled ${n} of a ${loan.length}-byte loan`);
      parts.push(Buffer.from(loan.subarray(0, n)));
      return waitEvery && ++fills % waitEvery === 0 ? sleep(waitMs) : undefined;
    },
  };
  return { sink, received: () => Buffer.concat(parts) };
}

test('a Content-Length body lands in the lent memory exact, for any loan size, with waits; nothing after its length', T, async () => {
  const raw = await plain;
  const body = crypto.randomBytes(3 * 1024 * 1024 + 17);
  const url = raw.serve('/sink', async (s) => {
    s.write(response('200 OK', [`Content-Length: ${body.length}`]));
    s.write(body.subarray(0, 1000));
    await sleep(5);
    s.end(Buffer.concat([body.subarray(1000), bytes('EXTRA BYTES AFTER THE LENGTH')]));
  });
  for (const [lend, waits] of [[1, {}], [4096, { waitEvery: 7, waitMs: 2 }], [1024 * 1024, { waitEvery: 2, waitMs: 5 }], [64 * 1024 * 1024, {}]] as const) {
    if (lend === 1) {
      // One byte at a time is a million reads: the first 40 KiB of a small body say the same.
      const small = raw.serve('/sink-small', (s) => s.end(Buffer.concat([response('200 OK', ['Content-Length: 40000']), body.subarray(0, 40_000), bytes('EXTRA')])));
      const { sink, received } = collecting(1);
      await (await httpGet(new URL(small), {}, { timeoutMs: 5000 })).readInto(sink);
      assert.ok(received().equals(body.subarray(0, 40_000)), 'one-byte loans');
      continue;
    }
    const { sink, received } = collecting(lend, waits);
    await (await httpGet(new URL(url), {}, { timeoutMs: 5000 })).readInto(sink);
    assert.equal(received().length, body.length, `loans of ${lend}`);
    assert.ok(received().equals(body), `loans of ${lend}`);
  }
});

test('a sink that waits longer than the idle timeout does not time the body out; a server that stalls does', T, async () => {
  const raw = await plain;
  const body = crypto.randomBytes(4 * 1024 * 1024);
  const url = raw.serve('/slow-sink', (s) => s.end(Buffer.concat([response('200 OK', [`Content-Length: ${body.length}`]), body])));
  const { sink, received } = collecting(256 * 1024, { waitEvery: 4, waitMs: 300 });
  await (await httpGet(new URL(url), {}, { timeoutMs: 200 })).readInto(sink);
  assert.ok(received().equals(body));
  const stalled = raw.serve('/stall-sink', (s) => s.write(response('200 OK', ['Content-Length: 1000'], 'x'.repeat(10))));
  await assert.rejects((await httpGet(new URL(stalled), {}, { timeoutMs: 200 })).readInto(collecting(100).sink), { code: 'ETIMEDOUT' });
});

test('a close mid-body is an error; a close-delimited body and a chunked one arrive whole; an empty body ends', T, async () => {
  const raw = await plain;
  const short = raw.serve('/short-sink', async (s) => {
    s.write(response('200 OK', ['Content-Length: 1000']));
    await sleep(10);
    s.end(Buffer.alloc(400));
  });
  await assert.rejects((await httpGet(new URL(short), {}, { timeoutMs: 5000 })).readInto(collecting(64).sink), /after 400 of 1000 bytes/);
  const closed = raw.serve('/close-sink', async (s) => {
    s.write(response('200 OK', [], 'first,'));
    await sleep(20);
    s.end('second');
  });
  const byClose = collecting(3);
  await (await httpGet(new URL(closed), {}, { timeoutMs: 5000 })).readInto(byClose.sink);
  assert.equal(byClose.received().toString(), 'first,second');
  const chunkedUrl = raw.serve('/chunked-sink', (s) => s.end(Buffer.concat([response('200 OK', ['Transfer-Encoding: chunked']), bytes('5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n'), bytes('junk')])));
  const chunked = collecting(4);
  await (await httpGet(new URL(chunkedUrl), {}, { timeoutMs: 5000 })).readInto(chunked.sink);
  assert.equal(chunked.received().toString(), 'hello, world');
  const empty = collecting(4);
  await (await httpGet(new URL(raw.serve('/empty-sink', (s) => s.end(response('200 OK', ['Content-Length: 0'])))), {}, { timeoutMs: 5000 })).readInto(empty.sink);
  assert.equal(empty.received().length, 0);
});

test('a sink that refuses ends the body with its own error and closes the connection; an abort ends it too; one way of reading only', T, async () => {
  const raw = await plain;
  let serverClosed!: Promise<void>;
  const url = raw.serve('/refused-sink', (s) => {
    serverClosed = new Promise((resolve) => s.on('close', () => resolve()));
    s.write(response('200 OK', ['Content-Length: 100000'], 'x'.repeat(5000)));
  });
  const refusal = new Error('more than the publisher said: refused');
  let seen = 0;
  const refusing: BodySink = {
    space: () => Buffer.alloc(1000),
    filled(n) {
      seen += n;
      if (seen > 2500) throw refusal;
      return undefined;
    },
  };
  await assert.rejects((await httpGet(new URL(url), {}, { timeoutMs: 5000 })).readInto(refusing), (e) => e === refusal);
  await serverClosed;
  const controller = new AbortController();
  const res = await httpGet(new URL(url), {}, { timeoutMs: 5000, signal: controller.signal });
  const reading = res.readInto({ space: () => Buffer.alloc(1000), filled: () => (controller.abort(), undefined) });
  await assert.rejects(reading, { name: 'AbortError' });
  const streamed = await httpGet(new URL(url), {}, { timeoutMs: 5000 });
  streamed.body.read(0);
  await assert.rejects(streamed.readInto(collecting(10).sink), /being read already/);
  streamed.body.destroy();
  const sunk = await httpGet(new URL(url), {}, { timeoutMs: 5000 });
  const sinking = sunk.readInto({ space: () => Buffer.alloc(1000), filled: () => sleep(500) });
  await assert.rejects(async () => {
    for await (const chunk of sunk.body) assert.fail(`a chunk of ${chunk.length} bytes`);
  }, /being read into a sink already/);
  await assert.rejects(sinking, /being read into a sink already/);
});

test('TLS: the decrypted body lands in the lent memory; through a proxy it is copied in', T, async () => {
  const material = makeTlsMaterial();
  const raw = await rawServer((onSocket) => tls.createServer({ key: material.key, cert: material.cert }, onSocket), 'https');
  const proxy = await startForwardProxy({ tunnels: true });
  const restoreEnvironment = unsetEnvironment(['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']);
  try {
    const body = crypto.randomBytes(2 * 1024 * 1024 + 5);
    const url = raw.serve('/tls-sink', (s) => s.end(Buffer.concat([response('200 OK', [`Content-Length: ${body.length}`]), body])));
    const secureContext = tls.createSecureContext({ ca: fs.readFileSync(material.caFile, 'utf8') });
    const direct = collecting(300_000, { waitEvery: 2, waitMs: 50 });
    await (await httpGet(new URL(url), {}, { timeoutMs: 5000, tlsContext: { secureContext } })).readInto(direct.sink);
    assert.ok(direct.received().equals(body), 'direct');
    process.env.REQUESTS_CA_BUNDLE = material.caFile;
    const http = new SourceHttp({ timeoutMs: 5000, proxy: { httpsProxy: proxy.url } });
    try {
      const tunnelled = collecting(70_000);
      await (await http.get(url)).readInto(tunnelled.sink);
      assert.ok(tunnelled.received().equals(body), 'through the proxy');
      assert.deepEqual(proxy.lines, [`CONNECT ${new URL(url).host}`]);
    } finally {
      await http.close();
    }
  } finally {
    restoreEnvironment();
    proxy.close();
    raw.close();
    material.remove();
  }
});
