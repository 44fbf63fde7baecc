// One image file to the three local clouds: ours in one command (one read of the file shared by
// create+PUT, glance-direct and the Swift task flow) against python-openstackclient run three
// times in a row (`openstack image create --file`, once per cloud). Also the bytes we read.
// openstacksdk 0.101's task flow cannot upload to local-tasks (it sends `import_from:
// images/<name>`, which upstream Glance refuses: "The given uri is not valid"), so the peer gets
// local-tasks with image_api_use_tasks off: a plain PUT. Our upload is measured twice: with each
// cloud's own method (PUT, glance-direct stage + import, Swift + task import: about twice the
// server work of three PUTs), and with `--method put` everywhere, the same work as the peer.
//   node bench/openstack-fanout.mjs [--gib 1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLOUDS, bench, cloudsYaml, deleteImage, mib, osc, ours, prepare, randomFile, round } from './support/openstack.mjs';

const i = process.argv.indexOf('--gib');
const gib = i > 0 ? Number(process.argv[i + 1]) : 1;
const env = prepare();
const yaml = await import('js-yaml');
const doc = yaml.load(fs.readFileSync(cloudsYaml(), 'utf8'));
doc.clouds['local-tasks'].image_api_use_tasks = false;
const oscYaml = path.join('/var/tmp', `openstack-bench-osc-${process.pid}.yaml`);
fs.writeFileSync(oscYaml, yaml.dump(doc), { mode: 0o600 });
const oscEnv = { ...env, OS_CLIENT_CONFIG_FILE: oscYaml };
const file = randomFile(gib);
try {
  spawnSync('sh', ['-c', `cat ${file} > /dev/null`]);
  const name = `bench-fan-${process.pid}`;
  const fanOut = (extra) => {
    const run = ours(['upload', file, ...CLOUDS.flatMap((c) => ['--cloud', c]), '--name', `${name}-ours`, '--disk-format', 'raw', '--allow-duplicates', '--json', ...extra], env);
    const results = JSON.parse(run.stdout).results;
    for (const r of results) if (!r.ok) throw new Error(`${r.cloud}: ${r.error}`);
    for (const r of results) deleteImage(r.id, r.cloud.split('/')[0], env);
    return { ...run, results };
  };
  const o = fanOut(['--method', 'put']);
  const native = fanOut([]);
  let oscMs = 0;
  for (const cloud of CLOUDS) {
    const p = osc(cloud, ['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, `${name}-osc`, '-f', 'json'], oscEnv);
    oscMs += p.ms;
    deleteImage(JSON.parse(p.stdout).id, cloud, env);
  }
  const describe = (run) => `${round(run.ms)} ms (${run.results.map((r) => `${r.cloud} ${r.method} ${r.seconds} s`).join(', ')}), read ${mib(run.rchar)} MiB, RSS ${mib(run.maxRssKiB * 1024)} MiB`;
  console.log(`${gib} GiB to ${CLOUDS.length} clouds: ours with PUT everywhere ${describe(o)}; ours with each cloud's method ${describe(native)}; openstack image create x${CLOUDS.length} ${round(oscMs)} ms; ours(PUT)/osc ${(o.ms / oscMs).toFixed(2)}`);
  bench({ name: 'openstack-fanout', what: `${gib} GiB to 3 clouds, PUT (read ${mib(o.rchar)} MiB)`, ours_ms: round(o.ms), peer: 'openstack image create x3 (PUT)', peer_ms: round(oscMs), ratio: Number((oscMs / o.ms).toFixed(2)), target_ratio: 0.6 });
  bench({ name: 'openstack-fanout', what: `${gib} GiB to 3 clouds, each cloud's method (read ${mib(native.rchar)} MiB)`, ours_ms: round(native.ms), peer: 'openstack image create x3 (PUT)', peer_ms: round(oscMs), ratio: Number((oscMs / native.ms).toFixed(2)) });
} finally {
  fs.rmSync(file, { force: true });
  fs.rmSync(oscYaml, { force: true });
}
