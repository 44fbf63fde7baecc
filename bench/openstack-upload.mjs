// Uploading one image file to one cloud (local-password: create + PUT): ours (dist/cli.js upload)
// against python-openstackclient (`openstack image create --file`) and the floor, a raw curl PUT
// after a token request; the same file, the same glance, the same run. Also our peak RSS and the
// bytes we read. Files are random, written under /var/tmp and deleted; images are deleted.
//   node bench/openstack-upload.mjs [--sizes 1,4] [--runs 1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { bench, deleteImage, mib, median, osc, ours, passwordAuth, prepare, randomFile, round, timed } from './support/openstack.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const sizes = arg('sizes', '1,4').split(',').map(Number);
const runs = Number(arg('runs', '1'));
const CLOUD = 'local-password';
const env = prepare();
const auth = await passwordAuth(CLOUD);

function curlFloor(file, name) {
  const body = JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: auth.username, domain: { name: auth.user_domain_name }, password: auth.password } } }, scope: { project: { name: auth.project_name, domain: { name: auth.project_domain_name } } } } });
  const script = `set -e
TOKEN=$(curl -sf -i -X POST '${auth.auth_url}/auth/tokens' -H 'Content-Type: application/json' -d @- <<'JSON' | tr -d '\\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
${body}
JSON
)
ID=$(curl -sf -X POST http://127.0.0.1:9292/v2/images -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/json' -d '{"name":"${name}","disk_format":"raw","container_format":"bare"}' | grep -o '"id": *"[^"]*"' | head -1 | sed 's/.*"\\([^"]*\\)"$/\\1/')
curl -sf -o /dev/null -T '${file}' -X PUT -H "X-Auth-Token: $TOKEN" -H 'Content-Type: application/octet-stream' "http://127.0.0.1:9292/v2/images/$ID/file"
echo "$ID"`;
  const r = timed('bash', ['-c', script], env);
  return { ms: r.ms, id: r.stdout.trim() };
}

const rows = [];
for (const gib of sizes) {
  const file = randomFile(gib);
  try {
    spawnSync('sh', ['-c', `cat ${file} > /dev/null`]); // same page-cache state for everyone
    const results = { ours: [], osc: [], curl: [] };
    let usage;
    for (let run = 0; run < runs; run++) {
      const name = `bench-${gib}g-${process.pid}-${run}`;
      const o = ours(['upload', file, '--cloud', CLOUD, '--name', `${name}-ours`, '--disk-format', 'raw', '--allow-duplicates', '--json'], env);
      const res = JSON.parse(o.stdout).results[0];
      if (!res.ok) throw new Error(`our upload failed: ${res.error}`);
      deleteImage(res.id, CLOUD, env);
      results.ours.push(o.ms);
      usage = o;
      const p = osc(CLOUD, ['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, `${name}-osc`, '-f', 'json'], env);
      deleteImage(JSON.parse(p.stdout).id, CLOUD, env);
      results.osc.push(p.ms);
      const c = curlFloor(file, `${name}-curl`);
      deleteImage(c.id, CLOUD, env);
      results.curl.push(c.ms);
    }
    const [o, p, c] = [median(results.ours), median(results.osc), median(results.curl)];
    rows.push({ gib, o, p, c, rssMiB: usage.maxRssKiB / 1024, readMiB: usage.rchar / 1024 / 1024 });
    console.log(`${gib} GiB: ours ${round(o)} ms, openstack image create ${round(p)} ms, curl floor ${round(c)} ms; ours/curl ${(o / c).toFixed(2)}, ours/osc ${(o / p).toFixed(2)}; our peak RSS ${mib(usage.maxRssKiB * 1024)} MiB, read ${mib(usage.rchar)} MiB (file ${gib * 1024} MiB)`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
const baseline = ours(['images', '--cloud', CLOUD], env).maxRssKiB / 1024;
console.log(`RSS of the same CLI listing images: ${baseline.toFixed(1)} MiB; growth while uploading: ${rows.map((r) => `${r.gib} GiB ${(r.rssMiB - baseline).toFixed(1)} MiB`).join(', ')}`);
for (const r of rows) {
  bench({ name: 'openstack-upload', what: `upload ${r.gib} GiB vs curl PUT floor`, ours_ms: round(r.o), peer: 'curl token+create+PUT', peer_ms: round(r.c), ratio: Number((r.c / r.o).toFixed(2)), target_ratio: 1.05 });
  bench({ name: 'openstack-upload', what: `upload ${r.gib} GiB (RSS +${(r.rssMiB - baseline).toFixed(0)} MiB, read ${r.readMiB.toFixed(0)} MiB)`, ours_ms: round(r.o), peer: 'openstack image create', peer_ms: round(r.p), ratio: Number((r.p / r.o).toFixed(2)), target_ratio: 0.8 });
}
