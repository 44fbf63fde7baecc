// Fetching an official image from a loopback mirror: ours (`dist/cli.js fetch fedora:41 --mirror`,
// which resolves the CHECKSUM, downloads, hashes sha256 beside the transfer and verifies) against
// the floor, `curl -o` of the same file from the same server; `curl | tee | openssl dgst -sha256`,
// curl with the same one-pass hashing as ours done by native tools (three processes streaming at
// once: what "hashing included" costs without Node); and `curl` + `sha256sum` one after the
// other. The mirror runs in its own process (Fedora's layout, a random file kept under /var/tmp
// between runs: see keptRandomFile); the cache is a scratch XDG_CACHE_HOME, emptied before each
// of our runs. Every timed run starts after a `sync`, so that none pays for the writeback of the
// one before (see bench/README).
// `--against DIR` also times another build's CLI (DIR/cli.js, e.g. a copy of dist/ made before a
// change) in the same runs. The commands' order rotates every run, so that each takes every place
// in turn: on this VM runs vary by ±30 % with the host's memory state, and whichever command comes
// first after a run's last is often slower, so only commands measured side by side, in every
// place, compare.
//   node bench/baseimages-fetch.mjs [--gib 1] [--runs 5] [--against DIR] [--curl-only]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, cli, keptRandomFile, median, root, round, settleDisk, timed, withoutNodeExtraCaCerts } from './support/openstack.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const gib = Number(arg('gib', '1'));
const runs = Number(arg('runs', '5'));
const against = arg('against', undefined);
// Only curl -o as the peer: the native-hashing pipelines write and read a gigabyte more each run,
// which is where this VM's run-to-run noise mostly comes from.
const curlOnly = process.argv.includes('--curl-only');
if (!fs.existsSync(cli) && spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('build failed');

const { file, fresh } = keptRandomFile(gib, 'fetch');
if (fresh) console.log(`wrote ${file}: the runs right after a fresh file are noisy on this VM; run the bench again for figures (the file is kept)`);
const name = 'Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2';
const sha256 = spawnSync('sha256sum', [file], { encoding: 'utf8' }).stdout.split(' ')[0];
const size = fs.statSync(file).size;
const SERVER = `
const http = require('node:http'); const fs = require('node:fs');
const [file, name, sha256, size] = process.argv.slice(1);
const dir = '/pub/fedora/linux/releases/41/Cloud/x86_64/images/';
const server = http.createServer((req, res) => {
  if (req.url === dir) return res.end('<a href="Fedora-Cloud-41-1.4-x86_64-CHECKSUM">c</a><a href="' + name + '">i</a>');
  if (req.url === dir + 'Fedora-Cloud-41-1.4-x86_64-CHECKSUM') return res.end('# ' + name + ': ' + size + ' bytes\\nSHA256 (' + name + ') = ' + sha256 + '\\n');
  if (req.url === dir + name) { res.writeHead(200, { 'content-length': size }); return fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res); }
  res.writeHead(404).end();
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
const mirror = spawn(process.execPath, ['-e', SERVER, file, name, sha256, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => mirror.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}/pub/fedora/linux/releases/`;
const cache = fs.mkdtempSync(path.join('/var/tmp', 'bench-fetch-cache-'));
const out = path.join(cache, 'curl.img');
// Every command runs without NODE_EXTRA_CA_CERTS (see withoutNodeExtraCaCerts: no CA applies to
// this http mirror); its cost to a Node start is printed with the figures.
const { env, costMs: extraCaCertsMs } = withoutNodeExtraCaCerts({ ...process.env, XDG_CACHE_HOME: cache });
try {
  spawnSync('sh', ['-c', `cat ${file} > /dev/null`]); // same page-cache state for everyone
  const times = { ours: [], ...(against ? { against: [] } : {}), curl: [], ...(curlOnly ? {} : { curlTee: [], curlSha: [] }) };
  const clean = () => {
    fs.rmSync(path.join(cache, 'openstack-clouds'), { recursive: true, force: true });
    fs.rmSync(out, { force: true });
    settleDisk();
  };
  const fetchWith = (cliPath) => () => {
    const o = timed(process.execPath, [cliPath, 'fetch', 'fedora:41/x86_64', '--mirror', base], env);
    if (!o.stdout.trim().endsWith(name)) throw new Error(`fetch printed ${o.stdout}`);
    return o.ms;
  };
  const url = `${base}41/Cloud/x86_64/images/${name}`;
  const steps = {
    ours: fetchWith(cli),
    ...(against ? { against: fetchWith(path.resolve(against, 'cli.js')) } : {}),
    curl: () => timed('curl', ['-sf', '-o', out, url], env).ms,
    ...(curlOnly ? {} : { curlTee: () => {
      const tee = timed('bash', ['-c', `set -o pipefail; curl -sf '${url}' | tee ${out} | openssl dgst -sha256 -r`], env);
      if (!tee.stdout.startsWith(sha256)) throw new Error(`curl | tee | openssl printed ${tee.stdout}`);
      return tee.ms;
    },
    curlSha: () => timed('sh', ['-c', `curl -sf -o ${out} '${url}' && sha256sum ${out} >/dev/null`], env).ms }),
  };
  // Each command takes each place in the order in turn (the order rotates by one every run): in
  // the old fixed order here, our builds took up to 2x as long in first place, right after the
  // last run's `curl then sha256sum`, as in second; a fixed order charges such a penalty to one
  // command alone. Runs in a multiple of the number of commands give each place equally.
  const keys = Object.keys(steps);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[(run + i) % keys.length];
      clean();
      times[key].push(steps[key]());
    }
  }
  clean();
  const [o, c] = [median(times.ours), median(times.curl)];
  console.log(`runs (ms): ${Object.entries(times).map(([k, v]) => `${k} ${v.map(round).join(' ')}`).join('; ')}`);
  if (against) console.log(`${against}: ${round(median(times.against))} ms, ${(median(times.against) / c).toFixed(2)}× curl`);
  console.log(`${gib} GiB: ours ${round(o)} ms (resolve + download + sha256 + verify), curl ${round(c)} ms; ours/curl ${(o / c).toFixed(2)} (${os.cpus().length} cores)`);
  if (extraCaCertsMs !== undefined) console.log(`without NODE_EXTRA_CA_CERTS, which this environment sets: with it, each Node start takes ${round(extraCaCertsMs)} ms more here (ours/curl ${((o + extraCaCertsMs) / c).toFixed(2)})`);
  bench({ name: 'baseimages-fetch', what: `fetch ${gib} GiB from a loopback mirror, verified, vs curl -o`, ours_ms: round(o), peer: 'curl -o', peer_ms: round(c), ratio: Number((c / o).toFixed(2)), target_ratio: 1.1, ...(fresh ? { fresh_file: true } : {}), ...(extraCaCertsMs !== undefined ? { node_extra_ca_certs_ms: round(extraCaCertsMs) } : {}) });
  if (!curlOnly) {
    const [ct, cs] = [median(times.curlTee), median(times.curlSha)];
    console.log(`curl | tee | openssl sha256 ${round(ct)} ms, curl then sha256sum ${round(cs)} ms; ours/(curl | tee | openssl) ${(o / ct).toFixed(2)}`);
    bench({ name: 'baseimages-fetch', what: `fetch ${gib} GiB vs curl hashing in one pass with native tools`, ours_ms: round(o), peer: 'curl | tee | openssl dgst -sha256', peer_ms: round(ct), ratio: Number((ct / o).toFixed(2)) });
    bench({ name: 'baseimages-fetch', what: `fetch ${gib} GiB vs curl then sha256sum`, ours_ms: round(o), peer: 'curl && sha256sum', peer_ms: round(cs), ratio: Number((cs / o).toFixed(2)) });
  }
} finally {
  mirror.kill();
  fs.rmSync(cache, { recursive: true, force: true });
}
