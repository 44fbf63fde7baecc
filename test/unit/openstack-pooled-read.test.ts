// Reads of image files into a fixed pool of buffers that are used again (pooledRead.ts): the bytes
// are the file's, no more buffers are made than the pool's slots, a buffer is never handed out
// while it is lent, small pieces are lent as copies, and a body sent by undici over a real
// loopback socket to a server that reads slowly arrives intact (the contract "a chunk is lent until
// the consumer asks for the next" holds for undici's body writer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import { LeaseStream } from '../../extension/openstack/images/leaseStream';
import { MIN_LENT_BYTES, PooledFileRead, READ_CHUNK, type Lease } from '../../extension/openstack/images/pooledRead';
import { slices } from '../../extension/openstack/images/swiftUpload';

const MiB = 1024 * 1024;

function withFile(bytes: number): { path: string; data: Buffer; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pooled-read-'));
  const p = path.join(dir, 'disk.raw');
  const data = crypto.randomBytes(bytes);
  fs.writeFileSync(p, data);
  return { path: p, data, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

test('a pooled read gives the file\'s bytes in order through at most `slots` buffers, used again and again', async () => {
  const f = withFile(20 * MiB + 4321);
  try {
    const read = new PooledFileRead(f.path, 0, 3, MiB);
    const hash = crypto.createHash('sha256');
    const buffers = new Set<ArrayBufferLike>();
    let bytes = 0;
    for (let lease = await read.next(); lease; lease = await read.next()) {
      hash.update(lease.bytes);
      bytes += lease.bytes.length;
      if (lease.bytes.length >= MIN_LENT_BYTES) buffers.add(lease.bytes.buffer);
      lease.release();
    }
    assert.equal(bytes, f.data.length);
    assert.equal(hash.digest('hex'), sha(f.data));
    assert.ok(buffers.size <= 3, `${buffers.size} distinct buffers for 21 chunks`);
  } finally {
    f.done();
  }
});

test('a buffer is not read into while it is lent: holding every slot stops the read until one is given back', async () => {
  const f = withFile(8 * MiB);
  try {
    const read = new PooledFileRead(f.path, 0, 2, MiB);
    const first = (await read.next())!;
    const second = (await read.next())!;
    const copies = [Buffer.from(first.bytes), Buffer.from(second.bytes)];
    let third: Lease | undefined;
    const waiting = read.next().then((l) => (third = l));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(third, undefined, 'no third chunk while both buffers are lent');
    assert.ok(first.bytes.equals(copies[0]) && second.bytes.equals(copies[1]), 'the lent bytes are untouched');
    first.release();
    await waiting;
    assert.ok(third!.bytes.equals(f.data.subarray(2 * MiB, 3 * MiB)));
    assert.ok(second.bytes.equals(copies[1]), 'the chunk still lent is untouched');
    assert.throws(() => first.release(), /released twice/);
    read.close();
    assert.equal(await read.next(), undefined, 'a closed read ends');
  } finally {
    f.done();
  }
});

test('shared chunks go back to the pool only when every holder released them; a close wakes a waiting next()', async () => {
  const f = withFile(4 * MiB);
  try {
    const read = new PooledFileRead(f.path, 0, 1, MiB);
    const lease = (await read.next())!;
    lease.share(2);
    lease.release();
    lease.release();
    let next: Lease | undefined | 'pending' = 'pending';
    const waiting = read.next().then((l) => (next = l));
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(next, 'pending', 'one holder left: the only buffer is still lent');
    read.close();
    await waiting;
    assert.equal(next, undefined);
  } finally {
    f.done();
  }
});

test('small pieces are lent as copies: the end of a file, and the pieces at a Swift segment\'s edges', async () => {
  const f = withFile(3 * MiB + 100);
  try {
    const read = new PooledFileRead(f.path, 0, 2, MiB);
    const leases: Lease[] = [];
    for (let lease = await read.next(); lease; lease = await read.next()) {
      leases.push(lease);
      lease.release();
    }
    const pooled = new Set(leases.slice(0, 3).map((l) => l.bytes.buffer));
    assert.equal(leases[3].bytes.length, 100);
    assert.ok(!pooled.has(leases[3].bytes.buffer), 'the last 100 bytes are a copy, not a pool buffer');

    // Segments of 1 MiB + 10 bytes: every edge cuts a chunk into a large and a small piece.
    const stream = new LeaseStream(new PooledFileRead(f.path, 0, 2, MiB));
    const received: Buffer[] = [];
    let edges = 0;
    for (const slice of slices(stream, MiB + 10, f.data.length)) {
      for await (const piece of slice.body) {
        // A pool's buffers are 1 MiB each; a copy has a buffer of its own (or Node's small-buffer pool).
        if (piece.length < MIN_LENT_BYTES) assert.notEqual(piece.buffer.byteLength, MiB, `a ${piece.length}-byte piece is a copy`);
        if (piece.length < MIN_LENT_BYTES) edges++;
        received.push(Buffer.from(piece));
      }
    }
    assert.ok(edges >= 3, `${edges} small pieces at the edges`);
    assert.equal(sha(Buffer.concat(received)), sha(f.data));
  } finally {
    f.done();
  }
});

test('a missing file fails the first next() with its error', async () => {
  await assert.rejects(new PooledFileRead(path.join(os.tmpdir(), 'no-such-image-file.raw'), 0, 2, MiB).next(), /ENOENT/);
});

test('undici sends a pooled read intact to a server that reads slowly (chunks come back only once the socket has them)', async () => {
  const f = withFile(24 * MiB + 12345);
  const server = http.createServer((req, res) => {
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
      // A slow reader: the socket's buffers fill and undici has to wait for them to drain.
      if (bytes % (4 * MiB) < chunk.length) {
        req.pause();
        setTimeout(() => req.resume(), 20);
      }
    });
    req.on('end', () => res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    const body = new LeaseStream(new PooledFileRead(f.path, 0, 4, READ_CHUNK));
    // undici sends an async iterable (its writeIterable); request()'s type lists only streams.
    const res = await request(`http://127.0.0.1:${port}/upload`, { method: 'PUT', body: body as unknown as Readable, headers: { 'content-length': String(f.data.length) } });
    const got = await res.body.json() as { bytes: number; sha256: string };
    assert.equal(got.bytes, f.data.length);
    assert.equal(got.sha256, sha(f.data), 'the server received the file\'s bytes');
  } finally {
    server.close();
    f.done();
  }
});

test('memory stays the pool: 256 MiB through a pooled read keeps array buffers under 8 MiB', async () => {
  const f = withFile(256 * MiB);
  try {
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    for await (const chunk of new LeaseStream(new PooledFileRead(f.path, 0, 4, READ_CHUNK))) {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      if (chunk.length === 0) assert.fail('an empty chunk');
    }
    assert.ok(peak < 8 * MiB, `array buffers grew by ${(peak / MiB).toFixed(1)} MiB`);
  } finally {
    f.done();
  }
});
