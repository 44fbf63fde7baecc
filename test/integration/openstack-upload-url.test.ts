// Upload from a URL against the real local OpenStack: a cloud offering web-download imports the
// image itself; the others get the body of one GET of ours streamed through (no temp file), and
// Glance's os_hash of what it stored is compared with the hashes of the bytes we read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { repoRoot } from '../support/paths';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import { Session } from '../../extension/openstack/session';
import { uploadFromUrl } from '../../extension/openstack/images/urlUpload';
import { findImagesByName } from '../../extension/openstack/services/image';
import { ProxiedCloud } from '../support/proxiedCloud';
import { testCloud } from '../support/testCloud';
import { cleanUp, leftovers, makeQcow2, makeRaw, scratchDir, session, uniqueName } from '../support/cloudSessions';

const dir = scratchDir();
const prefix = uniqueName('upurl');
let file = '';
let big = '';
let server: http.Server;
let base = '';
const gets: { path: string; agent: string }[] = [];
let noWebDownload: ProxiedCloud;
let armed = false;

before(async () => {
  file = makeQcow2(dir, 'served.qcow2', '24M');
  big = makeRaw(dir, 64 * 1024 * 1024, 'big.raw');
  server = http.createServer((req, res) => {
    gets.push({ path: req.url ?? '', agent: String(req.headers['user-agent']) });
    if (req.url?.startsWith('/missing.qcow2')) return res.writeHead(404).end('no');
    if (req.url === '/big.raw') {
      res.writeHead(200, { 'content-length': fs.statSync(big).size });
      return fs.createReadStream(big).pipe(res);
    }
    if (req.url === '/moved.qcow2') return res.writeHead(302, { location: '/served.qcow2' }).end();
    // Glance's web-download needs a Content-Length (as any real web server sends).
    res.writeHead(200, { 'content-length': fs.statSync(file).size, 'content-type': 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // local-password as a cloud without web-download: its /v2/info/import lists no such method.
  noWebDownload = await ProxiedCloud.start(testCloud().cloudsYaml, 'local-password', path.join(dir, 'proxied'));
});

after(async () => {
  server.closeAllConnections();
  server.close();
  await noWebDownload?.close();
  await cleanUp(prefix, dir);
});

async function proxiedSession(): Promise<Session> {
  const { regions } = await loadCloudRegions(noWebDownload.cloudsYaml);
  const s = new Session(regions.find((r) => r.name === 'local-password')!);
  await s.token();
  if (armed) return s;
  armed = true;
  noWebDownload.service('image').rewriteJson({ path: /^\/v2\/info\/import/ }, (body) => {
    const b = body as { 'import-methods': { value: string[] } };
    b['import-methods'].value = b['import-methods'].value.filter((m) => m !== 'web-download');
    return b;
  });
  return s;
}

const hex = (alg: string) => crypto.createHash(alg).update(fs.readFileSync(file)).digest('hex');

test('web-download where offered (local-appcred); one GET streamed to local-password (no web-download) and local-tasks (task flow); checksums compared', async () => {
  const sessions = [await session('local-appcred'), await proxiedSession(), await session('local-tasks')];
  const name = `${prefix}-img`;
  const seen = gets.length;
  try {
    const phases = new Map<string, Set<string>>();
    const report = await uploadFromUrl(sessions, {
      url: `${base}/moved.qcow2`, name, diskFormat: 'qcow2',
      onProgress: (p) => phases.set(p.target, (phases.get(p.target) ?? new Set()).add(p.phase)),
    });
    for (const r of report.results) assert.equal(r.error, undefined, `${r.target}: ${r.error?.message}`);
    const [appcred, password, tasks] = report.results;
    assert.equal(appcred.via, 'web-download');
    assert.equal(appcred.result!.method, 'web-download');
    assert.equal(password.via, 'stream');
    assert.equal(password.result!.method, 'put');
    assert.equal(tasks.via, 'stream');
    assert.equal(tasks.result!.method, 'tasks');
    for (const r of report.results) {
      assert.equal(r.result!.image.status, 'active');
      assert.equal(r.result!.image.checksum, hex('md5'), r.target);
      assert.equal(r.checksum?.state, 'match', `${r.target}: ${r.checksum?.detail}`);
    }
    assert.equal(report.bytesRead, fs.statSync(file).size, 'the URL was read once for both streamed clouds');
    const ours = gets.slice(seen).filter((g) => g.agent === 'openstack-clouds');
    assert.deepEqual(ours.map((g) => g.path), ['/moved.qcow2', '/served.qcow2'], 'one GET (after one redirect)');
    assert.ok(phases.get(password.target)!.has('uploading'));
    for (const s of sessions) assert.deepEqual(await leftovers(s, prefix), []);
  } finally {
    for (const s of sessions) await s.close();
  }
});

test('a URL that answers 404: each streaming cloud fails naming the HTTP status, nothing is left; a non-http URL is refused', async () => {
  const s = await proxiedSession();
  const name = `${prefix}-missing`;
  try {
    const report = await uploadFromUrl([s], { url: `${base}/missing.qcow2?token=secret-in-query`, name, diskFormat: 'qcow2' });
    assert.ok(report.results[0].error, JSON.stringify(report.results[0]));
    assert.match(report.results[0].error!.message, /\/missing\.qcow2\?…: HTTP 404/);
    assert.doesNotMatch(report.results[0].error!.message, /secret-in-query/);
    assert.deepEqual(await findImagesByName(s, name), []);
    await assert.rejects(uploadFromUrl([s], { url: 'file:///etc/passwd', name, diskFormat: 'raw' }), /only http and https URLs/);
  } finally {
    await s.close();
  }
});

test('cancel while streaming: the upload stops, the image record it made is deleted, the GET is dropped', async () => {
  const s = await proxiedSession();
  const name = `${prefix}-cancel`;
  const abort = new AbortController();
  try {
    const report = await uploadFromUrl([s], {
      url: `${base}/big.raw`, name, diskFormat: 'raw', signal: abort.signal,
      onProgress: (p) => { if (p.phase === 'uploading' && p.bytes > 4 * 1024 * 1024) abort.abort(); },
    });
    const [r] = report.results;
    assert.equal((r.error as Error & { kind?: string })?.kind, 'cancelled', r.error?.message);
    assert.ok(report.bytesRead < 64 * 1024 * 1024, `read ${report.bytesRead} bytes`);
    assert.deepEqual(await findImagesByName(s, name), []);
  } finally {
    await s.close();
  }
});

test('CLI: upload URL to a cloud with web-download and one without: one line each, the streamed one with its checksum', async () => {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr);
  const name = `${prefix}-cli`;
  const seen = gets.length;
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'upload', `${base}/served.qcow2`, '--cloud', 'local-appcred', '--cloud', 'local-tasks', '--name', name, '--disk-format', 'qcow2'],
      { env: { ...process.env, OS_CLIENT_CONFIG_FILE: testCloud().cloudsYaml } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`^local-appcred/RegionOne: imported ${name} \\S+ \\(qcow2, web-download, .*; checksum: match: `, 'm'));
  assert.match(r.stdout, new RegExp(`^local-tasks/RegionOne: uploaded ${name} \\S+ \\(qcow2, streamed, tasks, .*; checksum: match: `, 'm'));
  assert.equal(gets.slice(seen).filter((g) => g.agent === 'openstack-clouds').length, 1, 'one GET of ours');
});
