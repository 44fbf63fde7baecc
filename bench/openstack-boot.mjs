// Boot to ACTIVE on local-password: ours (`boot`, which polls with backoff) against
// `openstack server create --wait` (polls every 5 s); median of --runs runs; servers are deleted.
import { bench, median, osc, ours, prepare, round } from './support/openstack.mjs';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
const CLOUD = 'local-password';
const env = prepare();
const common = ['--image', 'test-image', '--flavor', 'm1.tiny', '--network', 'private'];
const oursMs = [];
const oscMs = [];
for (let run = 0; run < runs; run++) {
  const name = `bench-boot-${process.pid}-${run}`;
  const o = ours(['boot', `${name}-ours`, '--cloud', CLOUD, ...common, '--json'], env);
  oursMs.push(o.ms);
  ours(['delete', 'server', JSON.parse(o.stdout)[0].id, '--cloud', CLOUD], env);
  const p = osc(CLOUD, ['server', 'create', ...common, '--wait', `${name}-osc`, '-f', 'json'], env);
  oscMs.push(p.ms);
  ours(['delete', 'server', JSON.parse(p.stdout).id, '--cloud', CLOUD], env);
}
const [o, p] = [median(oursMs), median(oscMs)];
console.log(`boot to ACTIVE: ours ${round(o)} ms (runs ${oursMs.map(round).join(', ')}), openstack server create --wait ${round(p)} ms (runs ${oscMs.map(round).join(', ')}); ours/osc ${(o / p).toFixed(2)}`);
bench({ name: 'openstack-boot', what: 'boot to ACTIVE (m1.tiny, fake driver)', ours_ms: round(o), peer: 'openstack server create --wait', peer_ms: round(p), ratio: Number((p / o).toFixed(2)), target_ratio: 0.5 });
