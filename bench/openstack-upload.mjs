// Uploading one image file to one cloud (local-password: create + PUT): ours (dist/cli.js upload)
// against python-openstackclient (`openstack image create --file`) and the floor, a raw curl PUT
// after a token request; the same file, the same glance, the same run. Ours twice: a first upload
// of the file (md5 + sha256 computed beside the PUT, then patched in) and the same file again
// (hashes kept from the first: they go into the create, nothing is hashed). Also our peak RSS and
// the bytes we read. Files are random, written under /var/tmp, then left alone for 2 s (a file
// changed within 2 s of its read never has its hashes kept) and deleted; images are deleted.
//   node bench/openstack-upload.mjs [--sizes 1,4] [--runs 1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bench, curlFloor, deleteImage, mib, median, osc, ours, prepare, randomFile, round, settleDisk, uploadTargets } from './support/openstack.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const sizes = arg('sizes', '1,4').split(',').map(Number);
const runs = Number(arg('runs', '1'));
const CLOUD = 'local-password';
const env = prepare();
const targets = await uploadTargets([CLOUD]);

const rows = [];
const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-upload-cache-'));
const firstEnv = { ...env, OPENSTACK_CLOUDS_NO_HASH_CACHE: '1' };
const againEnv = { ...env, XDG_CACHE_HOME: cacheHome };
function uploadOurs(file, name, runEnv) {
  settleDisk();
  const o = ours(['upload', file, '--cloud', CLOUD, '--name', name, '--disk-format', 'raw', '--allow-duplicates', '--json'], runEnv);
  const res = JSON.parse(o.stdout).results[0];
  if (!res.ok) throw new Error(`our upload failed: ${res.error}`);
  deleteImage(res.id, CLOUD, env);
  return o;
}
try {
  for (const gib of sizes) {
    const file = randomFile(gib);
    try {
      const minuteAgo = new Date(Date.now() - 60_000);
      fs.utimesSync(file, minuteAgo, minuteAgo);
      spawnSync('sh', ['-c', `cat ${file} > /dev/null`]); // same page-cache state for everyone
      // ctime cannot be set back: hashes are kept only for a file unchanged for 2 s before its read.
      await new Promise((r) => setTimeout(r, 2100));
      uploadOurs(file, `bench-${gib}g-${process.pid}-keep`, againEnv); // keeps the hashes for "again"
      const results = { first: [], again: [], osc: [], curl: [] };
      let usage;
      for (let run = 0; run < runs; run++) {
        const name = `bench-${gib}g-${process.pid}-${run}`;
        const o = uploadOurs(file, `${name}-ours`, firstEnv);
        results.first.push(o.ms);
        usage = o;
        results.again.push(uploadOurs(file, `${name}-again`, againEnv).ms);
        settleDisk();
        const p = osc(CLOUD, ['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, `${name}-osc`, '-f', 'json'], env);
        deleteImage(JSON.parse(p.stdout).id, CLOUD, env);
        results.osc.push(p.ms);
        settleDisk();
        const c = curlFloor(targets, file, `${name}-curl`);
        for (const image of c.images) deleteImage(image.id, image.cloud, env);
        results.curl.push(c.ms);
      }
      const [o, a, p, c] = [median(results.first), median(results.again), median(results.osc), median(results.curl)];
      rows.push({ gib, o, a, p, c, rssMiB: usage.maxRssKiB / 1024, readMiB: usage.rchar / 1024 / 1024 });
      console.log(`${gib} GiB: ours ${round(o)} ms (again, hashes kept: ${round(a)} ms), openstack image create ${round(p)} ms, curl floor ${round(c)} ms; ours/curl ${(o / c).toFixed(2)} (again ${(a / c).toFixed(2)}), ours/osc ${(o / p).toFixed(2)}; our peak RSS ${mib(usage.maxRssKiB * 1024)} MiB, read ${mib(usage.rchar)} MiB (file ${gib * 1024} MiB)`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
} finally {
  fs.rmSync(cacheHome, { recursive: true, force: true });
}
const baseline = ours(['images', '--cloud', CLOUD], env).maxRssKiB / 1024;
console.log(`RSS of the same CLI listing images: ${baseline.toFixed(1)} MiB; growth while uploading: ${rows.map((r) => `${r.gib} GiB ${(r.rssMiB - baseline).toFixed(1)} MiB`).join(', ')}`);
for (const r of rows) {
  bench({ name: 'openstack-upload', what: `upload ${r.gib} GiB, first time (hashing) vs curl PUT floor`, ours_ms: round(r.o), peer: 'curl token+create+PUT', peer_ms: round(r.c), ratio: Number((r.c / r.o).toFixed(2)), target_ratio: 1.05 });
  bench({ name: 'openstack-upload', what: `upload ${r.gib} GiB again (hashes kept) vs curl PUT floor`, ours_ms: round(r.a), peer: 'curl token+create+PUT', peer_ms: round(r.c), ratio: Number((r.c / r.a).toFixed(2)), target_ratio: 1.05 });
  bench({ name: 'openstack-upload', what: `upload ${r.gib} GiB (RSS +${(r.rssMiB - baseline).toFixed(0)} MiB, read ${r.readMiB.toFixed(0)} MiB)`, ours_ms: round(r.o), peer: 'openstack image create', peer_ms: round(r.p), ratio: Number((r.p / r.o).toFixed(2)), target_ratio: 0.8 });
}
