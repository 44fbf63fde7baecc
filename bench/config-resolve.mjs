// Resolve 500 clouds × 5 regions (2500 cloud regions) with our engine and with Debian's
// openstacksdk (`/usr/bin/python3`) in the same run; prints both times and the ratio.
//   node bench/config-resolve.mjs [--clouds N] [--regions N] [--runs N] [--warmup N]
// Both sides read the same clouds.yaml + secure.yaml from disk. Ours: loadCloudsConfig +
// resolveClouds (parse and resolve are also shown apart). openstacksdk: OpenStackConfig(...) +
// get_all(), timed inside Python (interpreter start and imports excluded). Ours: median and p90
// of the runs, wall and CPU time, next to js-yaml's bare parse of the same files (the floor).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Samples, loadAverage, machine, timed } from './support/stats.mjs';
import { jsYamlPlugin } from '../scripts/jsYamlPlugin.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const CLOUDS = arg('clouds', 500);
const REGIONS = arg('regions', 5);
const RUNS = arg('runs', 30);
const WARMUP = arg('warmup', 5);
const TARGET_MS = 50;

function writeConfig(dir) {
  const regions = Array.from({ length: REGIONS }, (_, r) => `RegionOne${r}`);
  const clouds = [];
  const secrets = [];
  for (let i = 0; i < CLOUDS; i++) {
    const regionList = i % 5 === 0
      ? `    regions:\n${regions.map((r, k) => (k === 1 ? `      - name: ${r}\n        values:\n          image_format: raw\n          networks:\n            - name: public\n              routes_externally: true\n` : `      - ${r}\n`)).join('')}`
      : `    regions: [${regions.join(', ')}]\n`;
    clouds.push(`  cloud-${i}:\n    auth:\n      auth_url: https://keystone-${i % 17}.example.com:5000/v3\n      username: user${i}\n      project_name: project-${i}\n      user_domain_name: Default\n      project_domain_name: Default\n    identity_api_version: 3\n    interface: public\n    compute_api_version: '2.79'\n    block_storage_endpoint_override: https://{region_name}.volume.example.com/v3/\n${regionList}`);
    secrets.push(`  cloud-${i}:\n    auth:\n      password: secret-${i}\n`);
  }
  fs.writeFileSync(path.join(dir, 'clouds.yaml'), `clouds:\n${clouds.join('')}`);
  fs.writeFileSync(path.join(dir, 'secure.yaml'), `clouds:\n${secrets.join('')}`);
}

async function ours(dir) {
  const out = path.join(root, 'out', 'bench', 'config.cjs');
  await esbuild.build({
    stdin: { contents: "export { loadCloudsConfig, resolveClouds } from './extension/config/index'; export { parseEvents } from './extension/yaml/jsYaml';", resolveDir: root, loader: 'ts' },
    outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', plugins: [jsYamlPlugin],
  });
  const { loadCloudsConfig, resolveClouds, parseEvents } = createRequire(import.meta.url)(out);
  const environment = { cwd: dir, env: {}, home: path.join(dir, 'home'), platform: 'linux' };
  const texts = ['clouds.yaml', 'secure.yaml'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  const load = new Samples(), resolve = new Samples(), total = new Samples(), floor = new Samples();
  let regions = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    // js-yaml's bare parse of both files, the floor of the reading half; alternating in order with ours.
    const parse = () => timed(() => texts.forEach((t) => parseEvents(t, {})));
    const bare = i % 2 ? parse() : undefined;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const loaded = await loadCloudsConfig({ environment });
    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    const resolved = resolveClouds(loaded);
    const t2 = performance.now();
    const cpu2 = process.cpuUsage();
    const after = bare ?? parse();
    regions = resolved.regions.length;
    if (resolved.problems.some((p) => p.severity === 'error')) throw new Error(`unexpected errors: ${resolved.problems[0].message}`);
    if (i < WARMUP) continue;
    const cpu = (a, b) => (b.user - a.user + b.system - a.system) / 1000;
    load.add({ wall: t1 - t0, cpu: cpu(cpu0, cpu1) });
    resolve.add({ wall: t2 - t1, cpu: cpu(cpu1, cpu2) });
    total.add({ wall: t2 - t0, cpu: cpu(cpu0, cpu2) });
    floor.add(after);
  }
  return { regions, load: load.summary(), resolve: resolve.summary(), total: total.summary(), floor: floor.summary() };
}

function openstacksdk(dir) {
  const script = `
import json, os, sys, time
os.chdir(sys.argv[1])
import openstack.config.loader as loader
runs = []
n = 0
for i in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    c = loader.OpenStackConfig(config_files=[os.path.join(sys.argv[1], 'clouds.yaml')], secure_files=[os.path.join(sys.argv[1], 'secure.yaml')], vendor_files=[])
    n = len(c.get_all())
    runs.append((time.perf_counter() - t0) * 1000)
runs.sort()
print(json.dumps({'regions': n, 'total': runs[len(runs) // 2], 'runs': len(runs)}))
`;
  const runs = Math.max(3, Math.min(5, RUNS));
  const r = spawnSync('/usr/bin/python3', ['-c', script, dir, String(runs)], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: path.join(dir, 'home') } });
  if (r.status !== 0) throw new Error(`openstacksdk failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-config-'));
try {
  writeConfig(dir);
  const size = fs.statSync(path.join(dir, 'clouds.yaml')).size + fs.statSync(path.join(dir, 'secure.yaml')).size;
  const loadBefore = loadAverage();
  const mine = await ours(dir);
  const loadAfter = loadAverage();
  const peer = openstacksdk(dir);
  if (mine.regions !== peer.regions) throw new Error(`region counts differ: ours ${mine.regions}, openstacksdk ${peer.regions}`);
  const ratio = peer.total / mine.total.median;
  const f = (x) => `${x.toFixed(1)} ms`;
  const row = (s) => `${f(s.median)} (p90 ${f(s.p90)}; CPU ${f(s.cpuMedian)}, p90 ${f(s.cpuP90)})`;
  console.log(`config-resolve: ${CLOUDS} clouds × ${REGIONS} regions = ${mine.regions} cloud regions (${(size / 1024).toFixed(0)} KiB of YAML), median of ${RUNS} runs after ${WARMUP} warm-ups; ${machine()}, load average ${loadBefore} before, ${loadAfter} after`);
  console.log(`  ours:           ${row(mine.total)}  target < ${TARGET_MS} ms: ${mine.total.median < TARGET_MS ? 'met' : 'NOT met'}`);
  console.log(`    read+parse:   ${row(mine.load)}`);
  console.log(`    resolve:      ${row(mine.resolve)}`);
  console.log(`  floor:          ${row(mine.floor)}  (js-yaml's bare parseEvents of both files)`);
  console.log(`  openstacksdk:   ${f(peer.total)} (Debian 0.101.0, OpenStackConfig() + get_all(), median of ${peer.runs})`);
  console.log(`  ratio:          openstacksdk / ours = ${ratio.toFixed(1)}×`);
  console.log(`BENCH ${JSON.stringify({ name: 'config-resolve', what: `${mine.regions} cloud regions`, ours_ms: +mine.total.median.toFixed(1), p90_ms: +mine.total.p90.toFixed(1), cpu_ms: +mine.total.cpuMedian.toFixed(1), floor_ms: +mine.floor.median.toFixed(1), floor: "js-yaml's parseEvents", peer: 'openstacksdk 0.101.0', peer_ms: +peer.total.toFixed(1), ratio: +ratio.toFixed(1), target_ms: TARGET_MS, load: [loadBefore, loadAfter] })}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
