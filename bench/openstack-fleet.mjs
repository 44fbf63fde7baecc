// A fleet of 3 clouds × N servers (m1.tiny, `private`, fake driver) to ACTIVE with a floating IP,
// four ways in one run, each from nothing and cleaned up (and checked gone) before the next:
//   floor    the same creates by curl, all at once, polled every 250 ms (support/novaFloor.mjs)
//   ours     `boot NAME --count N --cloud A --cloud B --cloud C --auto-ip` (one process)
//   ansible  the playbook of `export boot ... --count N --auto-ip`, run by the real ansible-playbook
//            (openstack.cloud 2.x, test/ansible/ansible-playbook-chroot.sh), default forks
//   osc      a serial loop: `openstack server create --wait`, `floating ip create`, `server add floating ip`
// Every variant talks to the clouds through the same loopback proxies (the test suite's
// ProxiedCloud), which count its requests; setup, checks and cleanup use direct sessions and are
// not counted. Also the peak memory of each variant's process tree (RSS and PSS summed, sampled
// every 100 ms). Nova's instance/core/RAM quotas of the three projects are raised by what one
// fleet needs for the run and restored after it.
//   node bench/openstack-fleet.mjs [--count 10] [--skip osc,ansible]
import fs from 'node:fs';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { CLOUDS, OSC, bench, cli, prepare, root, round } from './support/openstack.mjs';
import { loadAverage, machine } from './support/stats.mjs';
import { checkFleet, cleanUpFleet, directSessions, floatingIpIds, loadLibrary, proxiedClouds, run, runOk, scratch, withRaisedQuotas } from './support/fleet.mjs';
import { POLL_MS, floorCloud, prepareFloor } from './support/novaFloor.mjs';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const count = Number(arg('count', '10'));
const skip = new Set(arg('skip', '').split(',').filter(Boolean));
const [IMAGE, FLAVOR, NETWORK] = ['test-image', 'm1.tiny', 'private'];
const env = prepare();
const cloudsYaml = env.OS_CLIENT_CONFIG_FILE;
const testCloud = JSON.parse(fs.readFileSync(path.join(path.dirname(cloudsYaml), 'test-cloud.json'), 'utf8'));
const lib = await loadLibrary();
const dir = scratch();
const direct = await directSessions(lib, cloudsYaml, CLOUDS);
const proxies = await proxiedClouds(lib, cloudsYaml, CLOUDS, dir);
const viaProxies = { ...env, OS_CLIENT_CONFIG_FILE: proxies.file };
const servers = count * CLOUDS.length;
const tag = `bench-fleet-${process.pid.toString(36)}`;
const cloudArgs = CLOUDS.flatMap((c) => ['--cloud', c]);

/**
 * Runs one variant from nothing: times `fn`, checks the fleet, counts its requests, cleans up. The
 * shared test cloud fails a request now and then (sqlite "database is locked" behind a nova 500):
 * a variant that failed is cleaned up and run once more, and the report says so.
 */
async function variant(name, fn) {
  const first = await attempt(name, fn);
  if (!first.error || first.left.length) return first;
  console.log(`${name}: cleaned up after the failure; trying once more`);
  return { ...(await attempt(name, fn)), firstError: first.error };
}

async function attempt(name, fn) {
  const prefix = `${tag}-${name}`;
  const before = await floatingIpIds(lib, direct);
  const mark = proxies.mark();
  const load = [loadAverage()];
  const tracked = new Set();
  const result = { name, prefix };
  try {
    Object.assign(result, await fn(prefix, tracked));
  } catch (e) {
    result.error = e.message.slice(0, 2000);
  }
  load.push(loadAverage());
  result.load = load;
  result.requests = proxies.count(mark);
  result.shapes = proxies.shapes(mark);
  result.fleet = await checkFleet(lib, direct, prefix);
  const complete = Object.values(result.fleet).every((f) => f.servers === count && f.active === count && f.withIp === count);
  if (!complete && !result.error) result.error = `not every server ACTIVE with a floating IP: ${JSON.stringify(result.fleet)}`;
  result.left = await cleanUpFleet(lib, direct, prefix, before, tracked);
  const mem = result.peakRssKiB ? `, peak RSS ${(result.peakRssKiB / 1024).toFixed(0)} MiB / PSS ${(result.peakPssKiB / 1024).toFixed(0)} MiB (${result.processes} processes at most)` : '';
  console.log(`${name}: ${result.error ? `FAILED: ${result.error}` : `${(result.ms / 1000).toFixed(1)} s`}${mem}; ${result.requests.total} requests (${(result.requests.total / servers).toFixed(1)} per server: ${Object.entries(result.requests.by).map(([k, v]) => `${k} ${v}`).join(', ')}); load ${load.join('–')}; cleanup: ${result.left.length ? `LEFT ${result.left.join('; ')}` : 'nothing left'}`);
  return result;
}

async function floor() {
  const doc = yaml.load(fs.readFileSync(proxies.file, 'utf8'));
  const prepared = [];
  for (const c of CLOUDS) {
    const s = direct.get(c);
    const ids = { image: (await lib.findImage(s, IMAGE)).id, flavor: (await lib.findFlavor(s, { nameOrId: FLAVOR })).id, networkId: (await lib.findNetwork(s, NETWORK)).id, externalNetworkId: await lib.floatingNetworkId(s) };
    prepared.push(await prepareFloor(doc.clouds[c], dir, ids));
  }
  return variant('floor', async (prefix, tracked) => {
    const t0 = performance.now();
    const made = await Promise.allSettled(prepared.map((c) => floorCloud(c, prefix, count)));
    const ms = performance.now() - t0;
    for (const m of made) for (const id of (m.status === 'fulfilled' ? m.value : m.reason.fips ?? [])) tracked.add(id);
    const failed = made.find((m) => m.status === 'rejected');
    if (failed) throw failed.reason;
    return { ms };
  });
}

function ours() {
  return variant('ours', async (prefix) => {
    const usageFile = path.join(dir, 'usage.json');
    const r = await runOk(process.execPath, ['--require', path.join(root, 'bench/support/usage.cjs'), cli, 'boot', prefix, '--count', String(count), ...cloudArgs,
      '--image', IMAGE, '--flavor', FLAVOR, '--network', NETWORK, '--auto-ip', '--json'], { env: { ...viaProxies, BENCH_USAGE_FILE: usageFile } });
    const report = JSON.parse(r.stdout);
    const retried = report.flatMap((c) => c.servers ?? []).filter((s) => s.attempts > 1).map((s) => s.name);
    const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
    return { ms: r.ms, peakRssKiB: r.peakRssKiB, peakPssKiB: r.peakPssKiB, processes: r.processes, maxRssKiB: usage.maxRssKiB, retried };
  });
}

async function ansible() {
  const install = await runOk('bash', [path.join(root, 'test/ansible/install.sh')]);
  const ansibleRoot = install.stdout.trim().split('\n').pop();
  return variant('ansible', async (prefix) => {
    const play = path.join(dir, 'fleet.yml');
    const exported = await runOk(process.execPath, [cli, 'export', 'boot', prefix, ...cloudArgs, '--image', IMAGE, '--flavor', FLAVOR, '--network', NETWORK, '--count', String(count), '--auto-ip'], { env, cwd: dir });
    fs.writeFileSync(play, exported.stdout);
    const r = await runOk('bash', [path.join(root, 'test/ansible/ansible-playbook-chroot.sh'), play], {
      cwd: dir, env: { PATH: process.env.PATH, OPENSTACK_TEST_ANSIBLE_ROOT: ansibleRoot, OS_CLIENT_CONFIG_FILE: proxies.file, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False' },
    });
    const recap = /^localhost\s*:\s*(ok=.*)$/m.exec(r.stdout)?.[1]?.replace(/\s+/g, ' ');
    return { ms: r.ms, peakRssKiB: r.peakRssKiB, peakPssKiB: r.peakPssKiB, processes: r.processes, recap };
  });
}

function osc() {
  return variant('osc', async (prefix, tracked) => {
    let ms = 0, peakRssKiB = 0, peakPssKiB = 0;
    const step = async (cloud, args) => {
      const r = await runOk(OSC, ['--os-cloud', cloud, ...args], { env: viaProxies });
      ms += r.ms;
      peakRssKiB = Math.max(peakRssKiB, r.peakRssKiB);
      peakPssKiB = Math.max(peakPssKiB, r.peakPssKiB);
      return r.stdout;
    };
    for (const cloud of CLOUDS) {
      for (let i = 1; i <= count; i++) {
        const server = JSON.parse(await step(cloud, ['server', 'create', '--image', IMAGE, '--flavor', FLAVOR, '--network', NETWORK, '--wait', `${prefix}-${i}`, '-f', 'json']));
        const fip = JSON.parse(await step(cloud, ['floating', 'ip', 'create', testCloud.externalNetwork, '-f', 'json']));
        tracked.add(fip.id);
        await step(cloud, ['server', 'add', 'floating', 'ip', server.id, fip.floating_ip_address]);
      }
    }
    return { ms, peakRssKiB, peakPssKiB, processes: 1 };
  });
}

const results = {};
const flavor = await lib.findFlavor(direct.get(CLOUDS[0]), { nameOrId: FLAVOR });
console.log(`fleet of ${CLOUDS.length} clouds × ${count} (${FLAVOR}, ${NETWORK}, auto IP); ${machine()}; load average ${loadAverage()} before`);
try {
  await withRaisedQuotas(lib, testCloud.adminCloudsYaml, CLOUDS.map((c) => testCloud.clouds[c].projectId), count, flavor, async () => {
    for (const [name, fn] of [['floor', floor], ['ours', ours], ['ansible', ansible], ['osc', osc]]) {
      if (!skip.has(name)) results[name] = await fn();
    }
  });
} finally {
  await proxies.close();
  for (const s of direct.values()) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const o = results.ours;
for (const r of Object.values(results)) {
  const top = Object.entries(r.shapes).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `    ${String(v).padStart(5)}  ${k}`).join('\n');
  console.log(`\n${r.name}: requests by kind (ids and query values blurred):\n${top}`);
}
for (const r of Object.values(results)) if (r.firstError) console.log(`${r.name} failed once before the figures above: ${r.firstError.slice(0, 300)}`);
if (o?.retried?.length) console.log(`\nours retried (a failed boot deleted and tried again): ${o.retried.join(', ')}`);
if (results.ansible?.recap) console.log(`ansible recap: ${results.ansible.recap}`);
if (o && !o.error) {
  console.log(`\nours ${(o.ms / 1000).toFixed(1)} s; our peak RSS ${(o.maxRssKiB / 1024).toFixed(0)} MiB (getrusage), ${(o.requests.total / servers).toFixed(1)} requests per server`);
  const peers = [['floor', `nova floor (curl, parallel, ${POLL_MS} ms between polls)`, 1.3], ['ansible', 'exported playbook, ansible-playbook', 0.5], ['osc', 'openstack server create --wait loop', 0.2]];
  for (const [key, peer, target] of peers) {
    const p = results[key];
    if (!p || p.error) continue;
    const ratio = o.ms / p.ms;
    console.log(`ours/${key} ${ratio.toFixed(2)} (target ≤ ${target}: ${ratio <= target ? 'met' : `NOT met, by ${((ratio / target - 1) * 100).toFixed(0)}%`}); ${key} ${(p.ms / 1000).toFixed(1)} s, ${(p.requests.total / servers).toFixed(1)} requests per server${p.peakRssKiB ? `, peak RSS ${(p.peakRssKiB / 1024).toFixed(0)} MiB / PSS ${(p.peakPssKiB / 1024).toFixed(0)} MiB` : ''}`);
    bench({
      name: 'openstack-fleet', what: `${CLOUDS.length}×${count} servers, auto IP (ours ${(o.requests.total / servers).toFixed(1)} req/server, RSS ${(o.maxRssKiB / 1024).toFixed(0)} MiB; peer ${(p.requests.total / servers).toFixed(1)} req/server${p.peakPssKiB ? `, PSS ${(p.peakPssKiB / 1024).toFixed(0)} MiB` : ''})`,
      ours_ms: round(o.ms), peer, peer_ms: round(p.ms), ratio: Number((p.ms / o.ms).toFixed(2)), target_ratio: target, load: [o.load[0], p.load[1]],
    });
  }
}
const failed = Object.values(results).filter((r) => r.error || r.left.length);
process.exit(failed.length ? 1 : 0);
