// A loopback mirror of the official image sites: the same layouts below each root and the real
// index and checksum formats (Ubuntu simplestreams JSON, Debian's dated build directories with
// SHA512SUMS, Fedora's release tree with a pungi CHECKSUM, CirrOS with MD5SUMS and
// version/released), serving tiny qcow2 images made here with `qemu-img create`. It answers
// Range requests, and on demand cuts a transfer mid-body or serves corrupted bytes; every request
// is logged so tests can say what was (not) downloaded.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixture, repoRoot } from './paths';

export interface MirrorImage {
  /** Path of the image below the mirror's origin. */
  path: string;
  bytes: Buffer;
  sha256: string;
}

export interface MirrorRequest {
  path: string;
  range?: string;
}

export interface ImageMirror {
  origin: string;
  /** The `--mirror` URL of each source (replaces its official root). */
  roots: { ubuntu: string; debian: string; fedora: string; cirros: string };
  images: { ubuntu: MirrorImage; debian: MirrorImage; fedora: MirrorImage; cirros: MirrorImage };
  requests: MirrorRequest[];
  /** The next GET of the path sends its headers and `afterBytes` of the body, then drops the connection. */
  cutOnce(path: string, afterBytes: number): void;
  /** GETs of the path serve the image with one byte changed (same size). */
  corrupt(path: string): void;
  /** GETs of the path answer 302 to `to` (a path or URL), as download.fedoraproject.org sends clients to a mirror. */
  redirect(path: string, to: string): void;
  /** Replaces or adds a file (e.g. a clear-signed CHECKSUM), served as it is (no longer corrupted). */
  put(path: string, content: string | Buffer): void;
  imageRequests(image: MirrorImage): MirrorRequest[];
  close(): Promise<void>;
}

/** Installs the Debian package of a command the tests need when it is missing (CI starts bare). */
export function ensureCommand(command: string, debianPackage: string): void {
  execFileSync('bash', [path.join(repoRoot, 'test', 'support', 'ensure-command.sh'), command, debianPackage], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
}

/** A qcow2 image made with qemu-img (installed when missing). */
export function tinyQcow2(dir: string, name: string, virtualSize: string): Buffer {
  ensureCommand('qemu-img', 'qemu-utils');
  const file = path.join(dir, name);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, virtualSize]);
  return fs.readFileSync(file);
}

const sha = (alg: string, b: Buffer) => crypto.createHash(alg).update(b).digest('hex');

/** An Apache-style directory index of the given names (subdirectories end in '/'). */
function autoindex(dir: string, names: string[]): string {
  const rows = names.map((n) => `<tr><td><a href="${encodeURI(n)}">${n}</a></td><td align="right">2024-12-01 22:27  </td></tr>`).join('\n');
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<html><head><title>Index of ${dir}</title></head><body>\n<h1>Index of ${dir}</h1><table>\n<tr><th><a href="?C=N;O=D">Name</a></th></tr>\n<tr><td><a href="../">Parent Directory</a></td></tr>\n${rows}\n</table></body></html>\n`;
}

/** The real product file (fixture) with the 20240821 disk1.img values set to the mirror's image. */
function ubuntuProducts(image: MirrorImage): string {
  const doc = JSON.parse(fs.readFileSync(fixture('baseImages', 'ubuntu-download.json'), 'utf8'));
  const item = doc.products['com.ubuntu.cloud:server:24.04:amd64'].versions['20240821'].items['disk1.img'];
  Object.assign(item, { sha256: image.sha256, md5: sha('md5', image.bytes), size: image.bytes.length });
  return JSON.stringify(doc, null, 1);
}

function buildFiles(dir: string): { files: Map<string, Buffer>; images: ImageMirror['images'] } {
  const files = new Map<string, Buffer>();
  const put = (p: string, c: string | Buffer) => files.set(p, Buffer.isBuffer(c) ? c : Buffer.from(c));
  const image = (p: string, size: string): MirrorImage => {
    const bytes = tinyQcow2(dir, path.basename(p), size);
    put(p, bytes);
    return { path: p, bytes, sha256: sha('sha256', bytes) };
  };
  // Ubuntu: /ubuntu/releases/ is cloud-images.ubuntu.com/releases/.
  const ubuntu = image('/ubuntu/releases/server/releases/noble/release-20240821/ubuntu-24.04-server-cloudimg-amd64.img', '20M');
  put('/ubuntu/releases/streams/v1/index.json', fs.readFileSync(fixture('baseImages', 'ubuntu-index.json')));
  put('/ubuntu/releases/streams/v1/com.ubuntu.cloud:released:download.json', ubuntuProducts(ubuntu));
  put('/ubuntu/releases/noble/release-20240821/SHA256SUMS', `${ubuntu.sha256} *ubuntu-24.04-server-cloudimg-amd64.img\n`);
  // Debian: /debian/images/cloud/ is cloud.debian.org/images/cloud/.
  const build = '20241201-1948';
  const debian = image(`/debian/images/cloud/bookworm/${build}/debian-12-genericcloud-amd64-${build}.qcow2`, '24M');
  put('/debian/images/cloud/bookworm/', autoindex('/images/cloud/bookworm/', ['20241125-1942/', `${build}/`, 'daily/', 'latest/']));
  put(`/debian/images/cloud/bookworm/${build}/SHA512SUMS`, [
    `${'a'.repeat(128)}  debian-12-generic-amd64-${build}.qcow2`,
    `${sha('sha512', debian.bytes)}  debian-12-genericcloud-amd64-${build}.qcow2`,
  ].join('\n') + '\n');
  // Fedora: /fedora/pub/fedora/linux/releases/ is download.fedoraproject.org/pub/fedora/linux/releases/.
  const fdir = '/fedora/pub/fedora/linux/releases/41/Cloud/x86_64/images/';
  const fedora = image(`${fdir}Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2`, '28M');
  put(fdir, autoindex(fdir, ['Fedora-Cloud-41-1.4-x86_64-CHECKSUM', 'Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2', 'Fedora-Cloud-Base-UEFI-UKI-41-1.4.x86_64.qcow2']));
  put(`${fdir}Fedora-Cloud-41-1.4-x86_64-CHECKSUM`, fedoraChecksum(fedora));
  // CirrOS: /cirros/ is download.cirros-cloud.net/ (0.6.3: no sha256 of ours is pinned for it).
  const cirros = image('/cirros/0.6.3/cirros-0.6.3-x86_64-disk.img', '32M');
  put('/cirros/version/released', '0.6.3\n');
  put('/cirros/0.6.3/MD5SUMS', `${'0'.repeat(32)}  cirros-0.6.3-aarch64-disk.img\n${sha('md5', cirros.bytes)}  cirros-0.6.3-x86_64-disk.img\n`);
  return { files, images: { ubuntu, debian, fedora, cirros } };
}

/** Pungi's CHECKSUM (sorted by name, size comment then BSD line), unsigned. */
export function fedoraChecksum(image: MirrorImage): string {
  const name = path.basename(image.path);
  return `# ${name}: ${image.bytes.length} bytes\nSHA256 (${name}) = ${image.sha256}\n`;
}

function serve(files: Map<string, Buffer>, cuts: Map<string, number>, corrupted: Set<string>, redirects: Map<string, string>, req: http.IncomingMessage, res: http.ServerResponse): void {
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
  const to = redirects.get(urlPath);
  if (to) {
    res.writeHead(302, { location: to }).end();
    return;
  }
  let body = files.get(urlPath);
  if (!body || req.method !== 'GET') {
    res.writeHead(body ? 405 : 404, { 'content-type': 'text/plain' }).end(body ? 'method not allowed\n' : 'not found\n');
    return;
  }
  if (corrupted.has(urlPath)) {
    body = Buffer.from(body);
    body[body.length >> 1] ^= 0xff;
  }
  let start = 0;
  let status = 200;
  const headers: http.OutgoingHttpHeaders = { 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (range) {
    start = Number(range[1]);
    const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    body = body.subarray(start, end + 1);
    status = 206;
  }
  headers['content-length'] = body.length;
  const cut = cuts.get(urlPath);
  if (cut !== undefined) {
    cuts.delete(urlPath);
    res.writeHead(status, headers);
    // Time for the client to take the bytes in before the cut (a destroyed stream drops what it buffered).
    res.write(body.subarray(0, cut), () => setTimeout(() => req.socket.destroy(), 300));
    return;
  }
  res.writeHead(status, headers).end(body);
}

/**
 * Serves a Debian build of its own (a random virtual size, so its own sha256 and sha512) in place
 * of the mirror's debian:12 image, with its SHA512SUMS: tests on the shared cloud that group images
 * by their source's hash then never meet another run's copies.
 */
export function serveUniqueDebian(mirror: ImageMirror, dir: string): { sha256: string; sha512: string } {
  const bytes = tinyQcow2(dir, `unique-${crypto.randomBytes(4).toString('hex')}.qcow2`, `${20_480 + crypto.randomInt(1, 4096)}K`);
  const image = mirror.images.debian.path;
  mirror.put(image, bytes);
  const digests = { sha256: sha('sha256', bytes), sha512: sha('sha512', bytes) };
  mirror.put(`${path.posix.dirname(image)}/SHA512SUMS`, `${digests.sha512}  ${path.posix.basename(image)}\n`);
  return digests;
}

export async function startImageMirror(): Promise<ImageMirror> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'image-mirror-'));
  const { files, images } = buildFiles(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  const cuts = new Map<string, number>();
  const corrupted = new Set<string>();
  const redirects = new Map<string, string>();
  const requests: MirrorRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ path: decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname), ...(req.headers.range ? { range: req.headers.range } : {}) });
    serve(files, cuts, corrupted, redirects, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    roots: { ubuntu: `${origin}/ubuntu/releases/`, debian: `${origin}/debian/images/cloud/`, fedora: `${origin}/fedora/pub/fedora/linux/releases/`, cirros: `${origin}/cirros/` },
    images,
    requests,
    cutOnce: (p, afterBytes) => void cuts.set(p, afterBytes),
    corrupt: (p) => void corrupted.add(p),
    redirect: (p, to) => void redirects.set(p, to),
    put: (p, content) => {
      corrupted.delete(p);
      files.set(p, Buffer.isBuffer(content) ? content : Buffer.from(content));
    },
    imageRequests: (image) => requests.filter((r) => r.path === image.path),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
