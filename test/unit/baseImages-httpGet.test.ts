// The HTTP/1.1 GET of image sources without a proxy (extension/baseImages/httpGet.ts) and its
// wire parser (httpWire.ts): heads, body framing and the chunked coding as pure functions, then
// the GET against a raw loopback server that writes exact bytes (plain and TLS), then SourceHttp
// over it. The raw server is a hostile-server test double: split writes, interim responses,
// malformed framing, stalls and early closes are what no real server sends on purpose.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import type { Readable } from 'node:stream';
import tls from 'node:tls';
import { ChunkedDecoder, HttpWireError, MAX_HEAD_BYTES, bodyFraming, headLength, parseHead } from '../../extension/baseImages/httpWire';
import { httpGet } from '../../extension/baseImages/httpGet';
import { SourceHttp } from '../../extension/baseImages/http';
import { makeTlsMaterial, type TlsMaterial } from '../support/tlsServer';
import { startForwardProxy } from '../support/forwardProxy';
import { unsetEnvironment } from '../support/environment';
import { bytes, rawServer, response, type RawServer } from '../support/rawHttpServer';
import type { ProxySettings } from '../../extension/openstack/http/proxySettings';

// SourceHttp takes the proxied path when the environment names a proxy: the direct path is under test.
for (const name of ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY']) delete process.env[name];

const T = { timeout: 15_000 };
const headOf = (...lines: string[]) => parseHead(bytes(`${lines.join('\r\n')}\r\n\r\n`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isWire = (pattern: RegExp) => (e: unknown) => e instanceof HttpWireError && pattern.test(e.message);

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const plain = rawServer((onSocket) => net.createServer(onSocket));
after(async () => (await plain).close());
const get = (url: string, timeoutMs = 5000, signal?: AbortSignal) => httpGet(new URL(url), {}, { timeoutMs, signal });

// --- the head -------------------------------------------------------------------------------

test('a normal head: status, names lower-cased, values trimmed, repeated fields kept in order', () => {
  const text = 'HTTP/1.1 200 OK\r\nContent-Type: \t text/plain \t\r\nSet-Cookie: a=1\r\nX-Other:1\r\nset-cookie: b=2\r\n\r\n';
  const buf = bytes(`${text}body bytes`);
  assert.equal(headLength(buf), text.length);
  const head = parseHead(buf.subarray(0, text.length));
  assert.equal(head.status, 200);
  assert.deepEqual([...head.fields], [['content-type', ['text/plain']], ['set-cookie', ['a=1', 'b=2']], ['x-other', ['1']]]);
});

test('headLength: -1 while incomplete; a head over MAX_HEAD_BYTES is refused with or without its end', () => {
  assert.equal(headLength(bytes('HTTP/1.1 200 OK\r\nX: 1\r\n\r')), -1);
  assert.equal(headLength(Buffer.alloc(MAX_HEAD_BYTES, 'a')), -1);
  assert.throws(() => headLength(Buffer.alloc(MAX_HEAD_BYTES + 1, 'a')), HttpWireError);
  const fill = (n: number) => bytes(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(n)}\r\n\r\n`);
  const exact = fill(MAX_HEAD_BYTES - fill(0).length);
  assert.equal(headLength(exact), MAX_HEAD_BYTES, 'a head of exactly the limit is read');
  assert.throws(() => headLength(fill(MAX_HEAD_BYTES)), HttpWireError);
});

test('malformed heads are refused: bare LF or CR, obs-fold, bad field names, other status lines', () => {
  for (const lines of [
    ['HTTP/1.1 200 OK\nX: 1'], ['HTTP/1.1 200 OK', 'X: a\rb'], ['HTTP/1.1 200 OK', 'X: a', '  folded'], ['HTTP/1.1 200 OK', '\tX: a'],
    ['HTTP/1.1 200 OK', 'Bad Name: x'], ['HTTP/1.1 200 OK', 'X-Name : x'], ['HTTP/1.1 200 OK', 'NoColon'], ['HTTP/1.1 200 OK', ': empty name'],
    ['HTTP/2 200'], ['HTTP/1.1 20 OK'], ['HTTP/1.1 2000 OK'], ['HTTP/1.2 200 OK'], ['http/1.1 200 OK'], ['HTTP/1.1 200OK'],
  ]) assert.throws(() => headOf(...lines), HttpWireError, JSON.stringify(lines));
});

test('an empty reason phrase is accepted, with or without its space', () => {
  assert.equal(headOf('HTTP/1.1 200 ').status, 200);
  assert.equal(headOf('HTTP/1.1 200', 'Content-Length: 0').status, 200);
  assert.equal(headOf('HTTP/1.0 404 Not Found').status, 404);
});

// --- body framing ---------------------------------------------------------------------------

test('bodyFraming: none, length, chunked (wins over a length), close; bad lengths and codings refused', () => {
  for (const status of ['204 No Content', '304 Not Modified', '100 Continue', '103 Early Hints']) {
    assert.deepEqual(bodyFraming(headOf(`HTTP/1.1 ${status}`, 'Content-Length: 10')), { kind: 'none' }, status);
  }
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK', 'Content-Length: 5')), { kind: 'length', length: 5 });
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK', 'Content-Length: 5, 5')), { kind: 'length', length: 5 });
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK', 'Content-Length: 5', 'Content-Length: 5')), { kind: 'length', length: 5 });
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK', 'Content-Length: 0')), { kind: 'length', length: 0 });
  for (const lengths of [['5', '6'], ['5, 6'], ['5a'], ['-1'], ['+5'], [''], ['0x10'], ['1234567890123456']]) {
    const head = headOf('HTTP/1.1 200 OK', ...lengths.map((l) => `Content-Length: ${l}`));
    assert.throws(() => bodyFraming(head), isWire(/content-length/), JSON.stringify(lengths));
  }
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK', 'Content-Length: 5', 'Transfer-Encoding: Chunked')), { kind: 'chunked' });
  assert.throws(() => bodyFraming(headOf('HTTP/1.1 200 OK', 'Transfer-Encoding: gzip, chunked')), isWire(/transfer-encoding/));
  assert.throws(() => bodyFraming(headOf('HTTP/1.1 200 OK', 'Transfer-Encoding: gzip', 'Transfer-Encoding: chunked')), HttpWireError);
  assert.deepEqual(bodyFraming(headOf('HTTP/1.1 200 OK')), { kind: 'close' });
});

// --- chunked --------------------------------------------------------------------------------

const payload = crypto.randomBytes(300);
const chunked = Buffer.concat([
  bytes('5;name=value;x="q"\r\n'), payload.subarray(0, 5), bytes('\r\nA \r\n'), payload.subarray(5, 15),
  bytes('\r\n000000000011D\r\n'), payload.subarray(15), bytes('\r\n0;last\r\nTrailer-One: 1\r\nx-two:\r\n\r\n'),
]);

/** Decodes `pieces` in order: the data, and the indices of the writes that returned true. */
function decode(pieces: Buffer[]): { data: Buffer; done: number[] } {
  const decoder = new ChunkedDecoder();
  const out: Buffer[] = [];
  const done = pieces.flatMap((p, i) => (decoder.write(p, (d) => out.push(Buffer.from(d))) ? [i] : []));
  return { data: Buffer.concat(out), done };
}

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

test('ChunkedDecoder: the same bytes at every split; extensions and trailers ignored; done only at the very end', () => {
  const whole = decode([chunked]);
  assert.ok(whole.data.equals(payload));
  assert.deepEqual(whole.done, [0]);
  const oneByOne = decode([...chunked].map((b) => Buffer.from([b])));
  assert.ok(oneByOne.data.equals(payload));
  assert.deepEqual(oneByOne.done, [chunked.length - 1], 'true only on the final CRLF of the trailer section');
  for (let at = 1; at < chunked.length; at++) {
    const split = decode([chunked.subarray(0, at), chunked.subarray(at)]);
    assert.ok(split.data.equals(payload), `split at ${at}`);
    assert.deepEqual(split.done, [1], `split at ${at}`);
  }
  const random = rng(42);
  for (let round = 0; round < 200; round++) {
    const pieces: Buffer[] = [];
    for (let at = 0; at < chunked.length;) {
      const n = 1 + Math.floor(random() * 40);
      pieces.push(chunked.subarray(at, at + n));
      at += n;
    }
    const r = decode(pieces);
    assert.ok(r.data.equals(payload), `round ${round}`);
    assert.deepEqual(r.done, [pieces.length - 1], `round ${round}`);
  }
});

test('ChunkedDecoder refuses a chunk longer than its size, bad sizes, bare LF and over-long lines', () => {
  for (const [name, input] of [
    ['longer than its size', '3\r\nhello\r\n0\r\n\r\n'], ['bad hex', 'xyz\r\n'], ['empty size', '\r\n'], ['negative', '-5\r\n'],
    ['14 hex digits', '00000000000005\r\nhello\r\n0\r\n\r\n'], ['bare LF', '5\nhello\r\n'], ['bad trailer', '0\r\nno colon\r\n\r\n'],
    ['over-long size line', `5;${'a'.repeat(5000)}`], ['over-long line with its end', `5;${'a'.repeat(5000)}\r\nhello\r\n`],
  ]) assert.throws(() => decode([bytes(input)]), HttpWireError, name);
});

// --- httpGet over the raw server ------------------------------------------------------------

test('a Content-Length body in several writes arrives exact', T, async () => {
  const raw = await plain;
  const body = crypto.randomBytes(100_000);
  const head = response('200 OK', [`Content-Length: ${body.length}`]);
  const url = raw.serve('/several', async (s) => {
    for (const piece of [head.subarray(0, 20), head.subarray(20), ...[0, 1, 2, 3].map((i) => body.subarray(i * 30_000, (i + 1) * 30_000))]) {
      s.write(piece);
      await sleep(5);
    }
  });
  const res = await get(url);
  assert.equal(res.status, 200);
  assert.deepEqual(res.fields.get('content-length'), [String(body.length)]);
  assert.ok((await drain(res.body)).equals(body));
});

test('a 200 with Content-Length: 0 has an empty body that ends', T, async () => {
  const raw = await plain;
  const res = await get(raw.serve('/empty', (s) => s.end(response('200 OK', ['Content-Length: 0']))), 1000);
  assert.equal((await drain(res.body)).length, 0);
});

test('a chunked body and a close-delimited body', T, async () => {
  const raw = await plain;
  const res = await get(raw.serve('/chunked', (s) => s.end(Buffer.concat([response('200 OK', ['Transfer-Encoding: chunked']), chunked, bytes('junk')]))));
  assert.ok((await drain(res.body)).equals(payload));
  const closed = await get(raw.serve('/close', async (s) => {
    s.write(response('200 OK', [], 'first,'));
    await sleep(20);
    s.end('second');
  }));
  assert.equal((await drain(closed.body)).toString(), 'first,second');
});

test('interim responses are skipped, a few; 101 is refused', T, async () => {
  const raw = await plain;
  const res = await get(raw.serve('/interim', (s) => {
    s.write(response('100 Continue'));
    s.end(Buffer.concat([response('103 Early Hints', ['Link: </a.css>; rel=preload']), response('200 OK', ['Content-Length: 2'], 'ok')]));
  }));
  assert.equal(res.status, 200);
  assert.equal((await drain(res.body)).toString(), 'ok');
  const interim = (n: number) => (s: net.Socket) => s.end(Buffer.concat([...Array(n).fill(response('100 Continue')), response('200 OK', ['Content-Length: 1'], '!')]));
  assert.equal((await drain((await get(raw.serve('/eight', interim(8)))).body)).toString(), '!', 'eight are a few');
  await assert.rejects(get(raw.serve('/nine', interim(9))), isWire(/interim/));
  await assert.rejects(get(raw.serve('/101', (s) => s.write(response('101 Switching Protocols', ['Upgrade: websocket', 'Connection: Upgrade'])))), isWire(/switched/));
});

test('a close mid-body, a close mid-head, and a malformed head are errors', T, async () => {
  const raw = await plain;
  const res = await get(raw.serve('/short', async (s) => {
    s.write(response('200 OK', ['Content-Length: 1000']));
    await sleep(10);
    s.end(Buffer.alloc(400));
  }));
  await assert.rejects(drain(res.body), /after 400 of 1000 bytes/);
  await assert.rejects(get(raw.serve('/half-head', (s) => s.end('HTTP/1.1 200 OK\r\nContent-Le'))), isWire(/before a complete response head/));
  await assert.rejects(get(raw.serve('/bad-head', (s) => s.write('HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n'))), isWire(/malformed header/));
});

test('a silent server times out (ETIMEDOUT); so does one that stalls mid-body', T, async () => {
  const raw = await plain;
  const started = Date.now();
  await assert.rejects(get(raw.serve('/silent', () => undefined), 200), { code: 'ETIMEDOUT' });
  const took = Date.now() - started;
  assert.ok(took >= 180 && took < 3000, `timed out after ${took} ms`);
  const res = await get(raw.serve('/stall', (s) => s.write(response('200 OK', ['Content-Length: 1000'], 'x'.repeat(10)))), 200);
  await assert.rejects(drain(res.body), { code: 'ETIMEDOUT' });
});

test('an abort mid-body destroys the body with the abort; an aborted signal never connects', T, async () => {
  const raw = await plain;
  let serverClosed!: Promise<void>;
  const url = raw.serve('/abort', (s) => {
    serverClosed = new Promise((resolve) => s.on('close', () => resolve()));
    s.write(response('200 OK', ['Content-Length: 1000'], 'x'.repeat(100)));
  });
  const controller = new AbortController();
  const res = await get(url, 5000, controller.signal);
  const reading = res.body[Symbol.asyncIterator]();
  assert.equal(((await reading.next()).value as Buffer).length, 100);
  controller.abort();
  await assert.rejects(reading.next(), { name: 'AbortError' });
  assert.ok(res.body.destroyed);
  await serverClosed;
  const before = raw.requests.length;
  await assert.rejects(get(url, 5000, AbortSignal.abort()), { name: 'AbortError' });
  assert.equal(raw.requests.length, before);
});

test('bytes after Content-Length are not delivered, in the same write or later', T, async () => {
  const raw = await plain;
  const same = await get(raw.serve('/extra-same', (s) => s.write(response('200 OK', ['Content-Length: 5'], 'helloEXTRA'))));
  assert.equal((await drain(same.body)).toString(), 'hello');
  const later = await get(raw.serve('/extra-later', async (s) => {
    s.write(response('200 OK', ['Content-Length: 5'], 'hel'));
    await sleep(10);
    s.write('loEXTRA');
    await sleep(10);
    s.write('MORE');
  }));
  assert.equal((await drain(later.body)).toString(), 'hello');
});

test('the request: path and query, Host, Connection: close, Accept-Encoding: identity; CR/LF in a value refused', T, async () => {
  const raw = await plain;
  const url = raw.serve('/req', (s) => s.end(response('200 OK', ['Content-Length: 0'])));
  const res = await httpGet(new URL(`${url}?a=1&b=%20#fragment`), { 'User-Agent': 'test-agent' }, { timeoutMs: 5000 });
  res.body.destroy();
  const lines = raw.requests.at(-1)!.split('\r\n');
  assert.equal(lines[0], 'GET /req?a=1&b=%20 HTTP/1.1');
  for (const line of [`Host: ${new URL(raw.base).host}`, 'Connection: close', 'Accept-Encoding: identity', 'User-Agent: test-agent']) {
    assert.ok(lines.includes(line), `${line} in ${JSON.stringify(lines)}`);
  }
  const connections = raw.tcpConnections;
  for (const headers of [{ 'X-Evil': 'a\r\nInjected: 1' }, { 'X-Evil': 'a\nb' }, { 'Bad Name': 'x' }] as Record<string, string>[]) {
    await assert.rejects(async () => httpGet(new URL(url), headers, { timeoutMs: 5000 }), TypeError);
  }
  await sleep(50);
  assert.equal(raw.tcpConnections, connections, 'nothing was sent');
});

test('a reader that pauses does not time out the body: 8 MiB arrive intact', T, async () => {
  const raw = await plain;
  const big = crypto.randomBytes(8 * 1024 * 1024);
  const res = await get(raw.serve('/big', (s) => s.end(Buffer.concat([response('200 OK', [`Content-Length: ${big.length}`]), big]))), 200);
  await sleep(500);
  assert.ok(res.body.readableLength < big.length, `the socket was paused (${res.body.readableLength} bytes held)`);
  const got = await drain(res.body);
  const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
  assert.equal(got.length, big.length);
  assert.equal(sha(got), sha(big));
});

// --- TLS ------------------------------------------------------------------------------------

test('TLS: verified against ca; refused by the system CAs and by another CA before any request', T, async () => {
  const material = makeTlsMaterial();
  const raw = await rawServer((onSocket) => tls.createServer({ key: material.key, cert: material.cert }, onSocket), 'https');
  try {
    await tlsCases(raw, material);
  } finally {
    raw.close();
    material.remove();
  }
});

test('SourceHttp verifies an https source with the bundle openstacksdk would use (REQUESTS_CA_BUNDLE here): direct, through a proxy\'s tunnel, and sent direct by NO_PROXY', T, async () => {
  const material = makeTlsMaterial();
  const raw = await rawServer((onSocket) => tls.createServer({ key: material.key, cert: material.cert }, onSocket), 'https');
  const proxy = await startForwardProxy({ tunnels: true });
  const restoreEnvironment = unsetEnvironment(['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS']);
  const routes: [string, ProxySettings | undefined][] = [
    ['direct', undefined],
    ['tunnelled', { httpsProxy: proxy.url }],
    ['NO_PROXY', { httpsProxy: proxy.url, noProxy: '127.0.0.1' }],
  ];
  const fetchEach = async () => Promise.all(routes.map(async ([route, settings]) => {
    const http = new SourceHttp({ timeoutMs: 5000, proxy: settings });
    try {
      const res = await http.get(url);
      return `${route}: ${res.status} ${(await drain(res.body)).toString()}`;
    } catch (e) {
      return `${route}: ${(e as Error).message}`;
    } finally {
      await http.close();
    }
  }));
  const url = raw.serve('/image', (sock) => sock.end(response('200 OK', ['Content-Length: 5'], 'image')));
  try {
    process.env.REQUESTS_CA_BUNDLE = material.caFile;
    assert.deepEqual(await fetchEach(), ['direct: 200 image', 'tunnelled: 200 image', 'NO_PROXY: 200 image']);
    assert.deepEqual(proxy.lines, [`CONNECT ${new URL(url).host}`], 'only the tunnelled one went through the proxy');
    process.env.REQUESTS_CA_BUNDLE = material.otherCaFile;
    for (const line of await fetchEach()) assert.match(line, /: .*(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|SELF_SIGNED|unable to verify)/i, line);
    process.env.REQUESTS_CA_BUNDLE = `${material.dir}/missing.pem`;
    for (const line of await fetchEach()) assert.match(line, /cannot read the CA bundle \S+missing\.pem \(REQUESTS_CA_BUNDLE in the environment\): ENOENT/, line);
    assert.equal(raw.requests.length, 3, 'a GET was sent only when the certificate verified');
  } finally {
    restoreEnvironment();
    proxy.close();
    raw.close();
    material.remove();
  }
});

async function tlsCases(raw: RawServer, material: TlsMaterial): Promise<void> {
  const url = new URL(raw.serve('/secure', (s) => s.end(response('200 OK', ['Content-Length: 6'], 'secret'))));
  const trusting = (file: string) => tls.createSecureContext({ ca: fs.readFileSync(file, 'utf8') });
  const res = await httpGet(url, {}, { timeoutMs: 5000, tlsContext: { secureContext: trusting(material.caFile) } });
  assert.equal((await drain(res.body)).toString(), 'secret');
  assert.equal(raw.requests.length, 1);
  const untrusted = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED)$/;
  const refused = (e: unknown) => untrusted.test((e as NodeJS.ErrnoException).code ?? '');
  await assert.rejects(httpGet(url, {}, { timeoutMs: 5000 }), refused);
  await assert.rejects(httpGet(url, {}, { timeoutMs: 5000, tlsContext: { secureContext: trusting(material.otherCaFile) } }), refused);
  await sleep(50);
  assert.equal(raw.tcpConnections, 3, 'each GET connected');
  assert.equal(raw.requests.length, 1, 'the refused GETs sent no request line');
}

// --- SourceHttp -----------------------------------------------------------------------------

test('SourceHttp follows a redirect and closes its connection; text() bounds the size', T, async () => {
  const raw = await plain;
  let redirectClosed!: Promise<void>;
  const target = raw.serve('/target', (s) => s.end(response('200 OK', ['Content-Length: 6'], 'landed')));
  const from = raw.serve('/moved', (s) => {
    redirectClosed = new Promise((resolve) => s.on('close', () => resolve()));
    s.write(response('302 Found', ['Location: /target', 'Content-Length: 1000'], 'a redirect body never finished'));
  });
  const http = new SourceHttp({ timeoutMs: 5000 });
  const res = await http.get(from);
  assert.equal(res.status, 200);
  assert.equal(res.url, target);
  assert.equal((await drain(res.body)).toString(), 'landed');
  await redirectClosed;
  const big = raw.serve('/big-index', (s) => s.end(response('200 OK', ['Content-Length: 2000'], 'x'.repeat(2000))));
  assert.equal(await http.text(big, { maxBytes: 2000 }), 'x'.repeat(2000));
  await assert.rejects(http.text(big, { maxBytes: 1000 }), /larger than 1000 bytes/);
  await http.close();
});
