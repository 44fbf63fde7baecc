// For bench/openstack-fleet.mjs: our client library (bundled with esbuild, as config-resolve.mjs
// does) for setup, cleanup and checks on direct sessions; the test suite's ProxiedCloud (loopback
// proxies whose record counts every request a variant sends); commands run asynchronously (the
// proxies live in this process, so nothing may block its event loop) with the peak memory of
// their process tree sampled from /proc; and quotas raised for the run and restored after it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as yaml from 'js-yaml';
import { root } from './openstack.mjs';

/** Our library and the test proxies, bundled once per run into out/bench/fleet.cjs. */
export async function loadLibrary() {
  const esbuild = await import('esbuild');
  const out = path.join(root, 'out', 'bench', 'fleet.cjs');
  const exports = [
    "export { Session } from './extension/openstack/session';",
    "export { loadCloudRegions } from './extension/cli/cloudRegions';",
    "export { listServers, showServer, deleteServer } from './extension/openstack/services/compute';",
    "export { listPorts, listFloatingIps, deleteFloatingIp, updateFloatingIp } from './extension/openstack/services/network';",
    "export { collect } from './extension/openstack/services/paging';",
    "export { findImage, findFlavor, findNetwork, findServersByPrefix } from './extension/openstack/compute/lookups';",
    "export { floatingNetworkId } from './extension/openstack/compute/networkDiscovery';",
    "export { ProxiedCloud } from './test/support/proxiedCloud';",
  ];
  await esbuild.build({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts' },
    outfile: out, bundle: true, packages: 'external', platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

/** Direct sessions (no proxy) on the first region of each cloud, as `--cloud NAME` picks it. */
export async function directSessions(lib, cloudsYaml, clouds) {
  const { regions } = await lib.loadCloudRegions(cloudsYaml);
  return new Map(clouds.map((c) => {
    const r = regions.find((x) => x.name === c);
    if (!r) throw new Error(`${c} is not in ${cloudsYaml}`);
    return [c, new lib.Session(r)];
  }));
}

const SERVICE_TYPES = ['identity', 'compute', 'network', 'image', 'placement', 'object-store', 'volumev3', 'block-storage'];

/**
 * The clouds behind counting proxies: one clouds.yaml (in `dir`) naming them all, each auth_url on
 * a keystone proxy that rewrites the catalogs passing through it to proxies of every endpoint.
 */
export async function proxiedClouds(lib, cloudsYaml, clouds, dir) {
  const proxied = [];
  const merged = { clouds: {} };
  for (const c of clouds) {
    const p = await lib.ProxiedCloud.start(cloudsYaml, c, path.join(dir, c));
    Object.assign(merged.clouds, yaml.load(fs.readFileSync(p.cloudsYaml, 'utf8')).clouds);
    proxied.push(p);
  }
  const file = path.join(dir, 'clouds.yaml');
  fs.writeFileSync(file, yaml.dump(merged), { mode: 0o600 });
  const serviceOf = (proxy) => {
    for (const p of proxied) {
      if (proxy === p.identity) return 'identity';
      for (const type of SERVICE_TYPES) for (const region of ['RegionOne', 'RegionTwo']) {
        try { if (p.service(type, region) === proxy) return type; } catch { /* not seen */ }
      }
    }
    return 'other';
  };
  const all = () => proxied.flatMap((p) => p.all());
  return {
    file, proxied,
    /** The requests every proxy has seen so far: pass it to count() after a variant. */
    mark: () => new Map(all().map((p) => [p, p.requests.length])),
    /** Requests since `mark`, by service type, and the total. */
    count(mark) {
      const by = {};
      let total = 0;
      for (const p of all()) {
        const n = p.requests.length - (mark.get(p) ?? 0);
        if (!n) continue;
        const type = serviceOf(p);
        by[type] = (by[type] ?? 0) + n;
        total += n;
      }
      return { total, by };
    },
    /** Requests since `mark`, as "METHOD /path" with the ids and query values blurred, counted. */
    shapes(mark) {
      const shapes = {};
      for (const p of all()) {
        for (const r of p.requests.slice(mark.get(p) ?? 0)) {
          const key = `${serviceOf(p)} ${r.method} ${r.path.replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/g, 'ID').replace(/=[^&]*/g, '=…')}`;
          shapes[key] = (shapes[key] ?? 0) + 1;
        }
      }
      return shapes;
    },
    close: () => Promise.all(proxied.map((p) => p.close())),
  };
}

/** The pids of a process tree (children of every thread, recursively). */
function treePids(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks = [];
    try { tasks = fs.readdirSync(`/proc/${out[i]}/task`); } catch { continue; }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${out[i]}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      } catch { /* gone */ }
    }
  }
  return out;
}

/** Summed RSS and PSS (KiB) of a process tree now, from smaps_rollup (PSS splits shared pages fairly). */
function treeMemory(pid) {
  let rss = 0, pss = 0, processes = 0;
  for (const p of treePids(pid)) {
    try {
      const text = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      processes++;
    } catch { /* gone */ }
  }
  return { rss, pss, processes };
}

/**
 * Runs a command without blocking this process; resolves with its wall time, output, exit code and
 * the peak of its process tree's summed RSS and PSS, sampled every `sampleMs` (a peak between two
 * samples is missed: the figure is a lower bound).
 */
export function run(cmd, args, { env, cwd, sampleMs = 100, timeoutMs = 3_600_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    const peak = { rss: 0, pss: 0, processes: 0 };
    const sample = () => {
      if (!child.pid) return;
      const m = treeMemory(child.pid);
      peak.rss = Math.max(peak.rss, m.rss);
      peak.pss = Math.max(peak.pss, m.pss);
      peak.processes = Math.max(peak.processes, m.processes);
    };
    const timer = setInterval(sample, sampleMs);
    const killer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', (e) => { clearInterval(timer); clearTimeout(killer); reject(e); });
    child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(killer);
      resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code, stdout, stderr, peakRssKiB: peak.rss, peakPssKiB: peak.pss, processes: peak.processes });
    });
    sample();
  });
}

/** `run`, failing with the end of the output when the command fails. */
export async function runOk(cmd, args, options) {
  const r = await run(cmd, args, options);
  if (r.code !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} failed (exit ${r.code}): ${(r.stderr + r.stdout).slice(-1500)}`);
  return r;
}

const QUOTA_KEYS = ['instances', 'cores', 'ram'];

/**
 * Raises nova's instances/cores/RAM quotas of each project by what `servers` of `flavor` need (the
 * projects are shared: others' servers count too), runs `fn`, and restores the old values even
 * when `fn` fails or the bench is interrupted. Neutron's floating IP (50) and port (500) quotas of
 * the test cloud leave room for a fleet of 10 per project and are not touched.
 */
export async function withRaisedQuotas(lib, adminYaml, projects, servers, flavor, fn) {
  const { regions } = await lib.loadCloudRegions(adminYaml);
  const admin = new lib.Session(regions.find((r) => r.name === 'local-admin'));
  const path = (id) => `os-quota-sets/${encodeURIComponent(id)}`;
  const saved = new Map();
  // The shared cloud's services are restarted at times: keep trying for 10 minutes, then say what to restore.
  const restore = async () => {
    for (const [id, old] of saved) {
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.json({ service: 'compute', method: 'PUT', path: path(id), json: { quota_set: old } });
          break;
        } catch (e) {
          if (attempt >= 60) throw new Error(`could not restore the quota of project ${id} to ${JSON.stringify(old)}: ${e.message}`);
          await new Promise((r) => setTimeout(r, 10_000));
        }
      }
      saved.delete(id);
    }
  };
  const onSignal = (sig) => { restore().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const id of projects) {
      const { quota_set: q } = await admin.json({ service: 'compute', method: 'GET', path: path(id) });
      const old = Object.fromEntries(QUOTA_KEYS.map((k) => [k, q[k]]));
      const add = { instances: servers, cores: servers * flavor.vcpus, ram: servers * flavor.ram };
      const raised = Object.fromEntries(QUOTA_KEYS.map((k) => [k, old[k] < 0 ? -1 : old[k] + add[k]]));
      saved.set(id, old);
      await admin.json({ service: 'compute', method: 'PUT', path: path(id), json: { quota_set: raised } });
      console.log(`quota of project ${id}: ${QUOTA_KEYS.map((k) => `${k} ${old[k]} → ${raised[k]}`).join(', ')} (restored after the run)`);
    }
    return await fn();
  } finally {
    await restore();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await admin.close();
  }
}

/** A scratch folder for the run (clouds.yaml of the proxies, auth bodies, the playbook). */
export function scratch() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'openstack-bench-fleet-'));
}

/** Each cloud's servers NAME-*: how many, how many ACTIVE, how many with a floating IPv4 (neutron's view). */
export async function checkFleet(lib, sessions, prefix) {
  const out = {};
  for (const [cloud, s] of sessions) {
    const servers = await lib.findServersByPrefix(s, `${prefix}-`);
    const fips = await lib.listFloatingIps(s);
    let withIp = 0;
    for (const srv of servers) {
      const ports = new Set((await lib.listPorts(s, { device_id: srv.id })).map((p) => p.id));
      if (fips.some((f) => ports.has(f.port_id) && !f.floating_ip_address.includes(':'))) withIp++;
    }
    out[cloud] = { servers: servers.length, active: servers.filter((x) => x.status === 'ACTIVE').length, withIp };
  }
  return out;
}

/** The ids of every floating IP each project has now (taken before a variant: what it did not create). */
export async function floatingIpIds(lib, sessions) {
  const out = new Map();
  for (const [cloud, s] of sessions) out.set(cloud, new Set((await lib.listFloatingIps(s)).map((f) => f.id)));
  return out;
}

/**
 * Deletes what a variant made, then checks it is gone: its servers NAME-* (waiting until nova no
 * longer shows them), their ports (nova deletes them with the server), and the floating IPs it
 * created: on those servers' ports or in `tracked`, and not in `before` (an unattached floating IP
 * of the project that auto IP reused is left as it was, free again). Returns what is left.
 */
export async function cleanUpFleet(lib, sessions, prefix, before, tracked = new Set()) {
  const left = [];
  for (const [cloud, s] of sessions) {
    const servers = await lib.findServersByPrefix(s, `${prefix}-`);
    const portIds = new Set();
    for (const srv of servers) for (const p of await lib.listPorts(s, { device_id: srv.id })) portIds.add(p.id);
    const created = (await lib.listFloatingIps(s)).filter((f) => !before.get(cloud).has(f.id) && (portIds.has(f.port_id) || tracked.has(f.id)));
    for (const f of created) await lib.deleteFloatingIp(s, f.id);
    for (const srv of servers) await lib.deleteServer(s, srv.id);
    const deadline = Date.now() + 300_000;
    for (const srv of servers) {
      while ((await lib.showServer(s, srv.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    }
    for (const srv of await lib.findServersByPrefix(s, `${prefix}-`)) left.push(`${cloud}: server ${srv.name} ${srv.status}`);
    for (const srv of servers) for (const p of await lib.listPorts(s, { device_id: srv.id })) left.push(`${cloud}: port ${p.id} of ${srv.name}`);
    const fipsNow = await lib.listFloatingIps(s);
    for (const f of fipsNow) {
      if (created.some((c) => c.id === f.id)) left.push(`${cloud}: floating IP ${f.floating_ip_address}`);
      else if (portIds.has(f.port_id)) left.push(`${cloud}: floating IP ${f.floating_ip_address} still on a deleted server's port`);
    }
  }
  return left;
}
