// Listing images and servers of the three local clouds: ours (`list images servers`: one command,
// one login per cloud, everything in parallel; the two separate commands `images` + `servers` are
// shown too) against python-openstackclient (`image list` and `server list`, once per cloud);
// median of --runs runs.
import { CLOUDS, bench, median, osc, ours, prepare, round } from './support/openstack.mjs';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
const env = prepare();
const clouds = CLOUDS.flatMap((c) => ['--cloud', c]);
const oursMs = [];
const twoCommandsMs = [];
const oscMs = [];
for (let run = 0; run < runs; run++) {
  oursMs.push(ours(['list', 'images', 'servers', ...clouds], env).ms);
  twoCommandsMs.push(ours(['images', ...clouds], env).ms + ours(['servers', ...clouds], env).ms);
  let total = 0;
  for (const cloud of CLOUDS) total += osc(cloud, ['image', 'list'], env).ms + osc(cloud, ['server', 'list'], env).ms;
  oscMs.push(total);
}
const [o, p] = [median(oursMs), median(oscMs)];
console.log(`images + servers of ${CLOUDS.length} clouds: ours ${round(o)} ms (runs ${oursMs.map(round).join(', ')}; as two commands ${round(median(twoCommandsMs))} ms), openstack ${round(p)} ms (runs ${oscMs.map(round).join(', ')}); ours/osc ${(o / p).toFixed(2)}`);
bench({ name: 'openstack-list', what: 'images + servers of 3 clouds', ours_ms: round(o), peer: 'openstack image list + server list x3', peer_ms: round(p), ratio: Number((p / o).toFixed(2)), target_ratio: 0.2 });
