// Resolve 500 clouds × 5 regions (2500 cloud regions) with our engine and with Debian's
// openstacksdk (`/usr/bin/python3`) in the same run; prints both times and the ratio.
//   node bench/config-resolve.mjs [--clouds N] [--regions N] [--runs N]
// Both sides read the same clouds.yaml + secure.yaml from disk. Ours: loadCloudsConfig +
// resolveClouds (parse and resolve are also shown apart). openstacksdk: OpenStackConfig(...) +
// get_all(), timed inside Python (interpreter start and imports excluded). Median of the runs.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const CLOUDS = arg('clouds', 500);
const REGIONS = arg('regions', 5);
const RUNS = arg('runs', 15);
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ours(dir) {
  const out = path.join(root, 'out', 'bench', 'config.cjs');
  await esbuild.build({ entryPoints: [path.join(root, 'extension/config/index.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'warning' });
  const { loadCloudsConfig, resolveClouds } = createRequire(import.meta.url)(out);
  const environment = { cwd: dir, env: {}, home: path.join(dir, 'home'), platform: 'linux' };
  const load = [], resolve = [], total = [];
  let regions = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const loaded = await loadCloudsConfig({ environment });
    const t1 = performance.now();
    const resolved = resolveClouds(loaded);
    const t2 = performance.now();
    regions = resolved.regions.length;
    if (resolved.problems.some((p) => p.severity === 'error')) throw new Error(`unexpected errors: ${resolved.problems[0].message}`);
    if (i < 3) continue; // warm-up
    load.push(t1 - t0);
    resolve.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { regions, load: median(load), resolve: median(resolve), total: median(total) };
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
print(json.dumps({'regions': n, 'total': runs[len(runs) // 2]}))
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
  const mine = await ours(dir);
  const peer = openstacksdk(dir);
  if (mine.regions !== peer.regions) throw new Error(`region counts differ: ours ${mine.regions}, openstacksdk ${peer.regions}`);
  const ratio = peer.total / mine.total;
  console.log(`config-resolve: ${CLOUDS} clouds × ${REGIONS} regions = ${mine.regions} cloud regions (${(size / 1024).toFixed(0)} KiB of YAML), median of ${RUNS} runs`);
  console.log(`  ours:         ${mine.total.toFixed(1)} ms (read+parse ${mine.load.toFixed(1)} ms, resolve ${mine.resolve.toFixed(1)} ms)  target < ${TARGET_MS} ms: ${mine.total < TARGET_MS ? 'met' : 'NOT met'}`);
  console.log(`  openstacksdk: ${peer.total.toFixed(1)} ms (Debian 0.101.0, OpenStackConfig() + get_all())`);
  console.log(`  ratio:        openstacksdk / ours = ${ratio.toFixed(1)}×`);
  console.log(`BENCH ${JSON.stringify({ name: 'config-resolve', what: `${mine.regions} cloud regions`, ours_ms: +mine.total.toFixed(1), peer: 'openstacksdk 0.101.0', peer_ms: +peer.total.toFixed(1), ratio: +ratio.toFixed(1), target_ms: TARGET_MS })}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
