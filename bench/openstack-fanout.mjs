// One image file to the three local clouds: ours in one command (one read of the file shared by
// create+PUT, glance-direct and the Swift task flow) against python-openstackclient run three
// times in a row (`openstack image create --file`, once per cloud). Also the bytes we read.
// openstacksdk 0.101's task flow cannot upload to local-tasks (it sends `import_from:
// images/<name>`, which upstream Glance refuses: "The given uri is not valid"), so the peer gets
// local-tasks with image_api_use_tasks off: a plain PUT. Our upload is measured twice: with each
// cloud's own method (PUT, glance-direct stage + import, Swift + task import: about twice the
// server work of three PUTs), and with `--method put` everywhere, the same work as the peer.
// The floor: curl's token + create + PUT for every target, all at once and one after another (the
// three clouds share the test cloud's one Glance worker, so neither can be assumed faster: the
// faster of the two counts).
//   node bench/openstack-fanout.mjs [--gib 1] [--runs 1]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLOUDS, bench, cloudsYaml, curlFloor, deleteImage, median, mib, osc, ours, prepare, randomFile, round, settleDisk, uploadTargets } from './support/openstack.mjs';

const arg = (flag, fallback) => { const i = process.argv.indexOf(flag); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const gib = arg('--gib', 1);
const runs = arg('--runs', 1);
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
  const targets = await uploadTargets(CLOUDS);
  const fanOut = (extra) => {
    settleDisk();
    const run = ours(['upload', file, ...CLOUDS.flatMap((c) => ['--cloud', c]), '--name', `${name}-ours`, '--disk-format', 'raw', '--allow-duplicates', '--json', ...extra], env);
    const results = JSON.parse(run.stdout).results;
    for (const r of results) if (!r.ok) throw new Error(`${r.cloud}: ${r.error}`);
    for (const r of results) deleteImage(r.id, r.cloud.split('/')[0], env);
    return { ...run, results };
  };
  const curl = (options) => {
    settleDisk();
    const floor = curlFloor(targets, file, `${name}-curl`, options);
    for (const image of floor.images) deleteImage(image.id, image.cloud, env);
    return floor.ms;
  };
  const m = { put: [], native: [], osc: [], atOnce: [], inTurn: [] };
  let o, native;
  for (let run = 0; run < runs; run++) {
    o = fanOut(['--method', 'put']);
    m.put.push(o.ms);
    m.atOnce.push(curl({ inTurn: false }));
    m.inTurn.push(curl({ inTurn: true }));
    native = fanOut([]);
    m.native.push(native.ms);
    let oscMs = 0;
    const made = [];
    settleDisk();
    for (const cloud of CLOUDS) {
      const p = osc(cloud, ['image', 'create', '--disk-format', 'raw', '--container-format', 'bare', '--file', file, `${name}-osc`, '-f', 'json'], oscEnv);
      oscMs += p.ms;
      made.push([JSON.parse(p.stdout).id, cloud]);
    }
    for (const [id, cloud] of made) deleteImage(id, cloud, env); // after all three, as for the others
    m.osc.push(oscMs);
  }
  const [put, nat, oscMs, atOnce, inTurn] = [m.put, m.native, m.osc, m.atOnce, m.inTurn].map(median);
  // The same baseline as openstack-upload.mjs: the RSS of the CLI listing one cloud's images.
  const baselineMiB = ours(['images', '--cloud', CLOUDS[0]], env).maxRssKiB / 1024;
  const floor = Math.min(atOnce, inTurn);
  const describe = (run) => `(last run: ${run.results.map((r) => `${r.cloud} ${r.method} ${r.seconds} s`).join(', ')}; read ${mib(run.rchar)} MiB, RSS ${mib(run.maxRssKiB * 1024)} MiB, growth +${(run.maxRssKiB / 1024 - baselineMiB).toFixed(1)} MiB over a listing's ${baselineMiB.toFixed(1)})`;
  console.log(`${gib} GiB to ${CLOUDS.length} clouds, medians of ${runs}: ours with PUT everywhere ${round(put)} ms ${describe(o)}; ours with each cloud's method ${round(nat)} ms ${describe(native)}; openstack image create x${CLOUDS.length} ${round(oscMs)} ms; curl token+create+PUT of every target at once ${round(atOnce)} ms, one after another ${round(inTurn)} ms; ours(PUT)/curl floor ${(put / floor).toFixed(2)}, ours(PUT)/osc ${(put / oscMs).toFixed(2)}`);
  bench({ name: 'openstack-fanout', what: `${gib} GiB to ${targets.length} clouds, PUT, vs the faster curl floor (at once or in turn)`, ours_ms: round(put), peer: `curl token+create+PUT x${targets.length}, ${floor === atOnce ? 'at once' : 'one after another'}`, peer_ms: round(floor), ratio: Number((floor / put).toFixed(2)), target_ratio: 1.05 });
  bench({ name: 'openstack-fanout', what: `${gib} GiB to 3 clouds, PUT (read ${mib(o.rchar)} MiB)`, ours_ms: round(put), peer: 'openstack image create x3 (PUT)', peer_ms: round(oscMs), ratio: Number((oscMs / put).toFixed(2)), target_ratio: 0.6 });
  bench({ name: 'openstack-fanout', what: `${gib} GiB to 3 clouds, each cloud's method (read ${mib(native.rchar)} MiB)`, ours_ms: round(nat), peer: 'openstack image create x3 (PUT)', peer_ms: round(oscMs), ratio: Number((oscMs / nat).toFixed(2)) });
} finally {
  fs.rmSync(file, { force: true });
  fs.rmSync(oscYaml, { force: true });
}
