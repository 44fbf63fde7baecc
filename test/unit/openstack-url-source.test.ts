// The URL source of "upload from a URL" against a loopback HTTP server: one GET feeds every
// taker, its bytes hashed; a retry reads again on its own; bounds and failures name the URL and
// the HTTP status, never its query; redirects limited and only to http(s); the format sniffed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UrlSource } from '../../extension/openstack/images/urlSource';
import { detectUrlFormat, displayUrl, imageUrlProblem } from '../../extension/openstack/images/urlCheck';

const body = crypto.randomBytes(5 * 1024 * 1024 + 123);
const qcow2Head = Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(1024)]);
const gets: string[] = [];
const server = http.createServer((req, res) => {
  gets.push(req.url ?? '');
  const path = (req.url ?? '').replace(/\?.*$/, '');
  if (path === '/image') return res.writeHead(200, { 'content-length': body.length }).end(body);
  if (path === '/short') {
    res.writeHead(200, { 'content-length': body.length });
    return res.end(body.subarray(0, 1000), () => res.socket?.destroy());
  }
  if (path === '/chunked') return res.writeHead(200).end(body);
  if (path === '/big') return res.writeHead(200, { 'content-length': 10_000 }).end(Buffer.alloc(10_000));
  if (path === '/loop') return res.writeHead(302, { location: '/loop' }).end();
  if (path === '/to-ftp') return res.writeHead(302, { location: 'ftp://127.0.0.1/x' }).end();
  if (path === '/disk.qcow2') return res.writeHead(200, { 'content-length': qcow2Head.length }).end(qcow2Head);
  if (path === '/fixed.vhd') return res.writeHead(200, { 'content-length': 4096 }).end(Buffer.alloc(4096));
  res.writeHead(500).end('broken');
});
const ready = new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => {
  server.closeAllConnections();
  server.close();
});

async function drain(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const hex = (alg: string) => crypto.createHash(alg).update(body).digest('hex');

test('one GET feeds two takers the same bytes; the digests are the bytes\'; a retry GETs again on its own', async () => {
  const base = await ready;
  gets.length = 0;
  const source = await UrlSource.open(`${base}/image`, 2);
  try {
    const a = source.data('raw');
    const b = source.data('raw');
    const [ra, rb] = await Promise.all([drain(a.open()), drain(b.open())]);
    assert.ok(ra.equals(body) && rb.equals(body));
    assert.deepEqual(await a.hashesAfterRead(), { md5: hex('md5'), sha256: hex('sha256'), sha512: hex('sha512') });
    assert.equal(source.sharedBytes, body.length);
    assert.deepEqual(gets, ['/image']);
    assert.ok((await drain(a.open())).equals(body), 'a second open (a retry) reads the URL again');
    assert.equal(source.ownBytes, body.length);
    assert.deepEqual(gets, ['/image', '/image']);
    a.settle();
    b.settle();
  } finally {
    await source.close();
  }
});

test('a taker that never opens does not hold the read: released, the others go on', async () => {
  const base = await ready;
  const source = await UrlSource.open(`${base}/image`, 2);
  try {
    const a = source.data('raw');
    const b = source.data('raw');
    const read = drain(a.open());
    b.settle();
    assert.ok((await read).equals(body));
  } finally {
    await source.close();
  }
});

test('bounds and failures: size over the limit, no Content-Length, a body cut short, HTTP 500, redirect loops, non-http redirects', async () => {
  const base = await ready;
  await assert.rejects(UrlSource.open(`${base}/big`, 1, { maxBytes: 1000 }), /\/big: 10000 bytes is more than the 1000 allowed/);
  await assert.rejects(UrlSource.open(`${base}/chunked`, 1), /\/chunked: the server sends no Content-Length/);
  await assert.rejects(UrlSource.open(`${base}/broken?sig=s3cret`, 1), (e: Error) => /\/broken\?…: HTTP 500$/.test(e.message) && !e.message.includes('s3cret'));
  await assert.rejects(UrlSource.open(`${base}/loop`, 1), /\/loop: HTTP 302: more than 5 redirects/);
  await assert.rejects(UrlSource.open(`${base}/to-ftp`, 1), /\/to-ftp: redirected to a ftp: URL/);
  await assert.rejects(UrlSource.open('file:///etc/passwd', 1), /only http and https URLs/);
  const source = await UrlSource.open(`${base}/short`, 1);
  try {
    const data = source.data('raw');
    await assert.rejects(drain(data.open()), /ended after 1000 of|closed after 1000 of|terminated|aborted|other side closed/);
    assert.equal(await data.hashesAfterRead(), undefined, 'no digest of a cut read');
  } finally {
    await source.close();
  }
});

test('URL checks and display: only absolute http(s); no credentials or query shown; the format from the first bytes or the name', async () => {
  const base = await ready;
  assert.equal(imageUrlProblem('https://cloud-images.ubuntu.com/noble/current/noble-server-cloudimg-amd64.img'), undefined);
  assert.match(imageUrlProblem('ftp://example.org/x.img')!, /only http and https/);
  assert.equal(imageUrlProblem('not a url'), 'not a URL');
  assert.equal(displayUrl('https://user:pw@example.org/a/b.img?X-Amz-Signature=abc'), 'https://example.org/a/b.img?…');
  assert.equal(await detectUrlFormat(`${base}/disk.qcow2`), 'qcow2');
  assert.equal(await detectUrlFormat(`${base}/fixed.vhd`), 'vhd');
});
