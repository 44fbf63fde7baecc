// Fleets on the real local OpenStack, through the CLI in-process: a fleet with auto IP on every
// cloud is all ACTIVE with a public IPv4 and `delete server --prefix` leaves nothing of it
// (servers, their ports, our floating IPs); a quota set too low (on a project made for this test
// by the cloud's admin) refuses before anything is created there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../extension/cli/main';
import { listPorts, listFloatingIps } from '../../extension/openstack/services/network';
import { findServersByPrefix } from '../../extension/openstack/compute/lookups';
import { CLOUDS, cleanUp, cloudsYamlPath, leftovers, region, scratchDir, session, uniqueName } from '../support/cloudSessions';
import { osc } from '../support/osc';
import { testCloud } from '../support/testCloud';

const prefix = uniqueName('fleet');
const dir = scratchDir();
after(() => cleanUp(prefix, dir));

async function cli(args: string[], cloudsYaml = cloudsYamlPath()) {
  process.env.OS_CLIENT_CONFIG_FILE = cloudsYaml;
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('boot --count 3 --auto-ip on every cloud: all ACTIVE with a public IPv4; delete server --prefix leaves nothing', async () => {
  const name = `${prefix}-web`;
  const image = (c: string) => testCloud().clouds[c as keyof ReturnType<typeof testCloud>['clouds']].image;
  // One image name for all clouds: each project's seeded image has the same name.
  assert.equal(new Set(CLOUDS.map(image)).size, 1);
  // The debug log has a line per request: counted, to see that the members wait through one
  // listing per fleet and round and that lookups are not repeated per member.
  process.env.OPENSTACK_CLOUDS_DEBUG = '1';
  const r = await cli(['boot', name, '--count', '3', '--parallel', '3', ...CLOUDS.flatMap((c) => ['--cloud', c]), '--image', image(CLOUDS[0]), '--flavor', 'm1.tiny', '--network', 'private', '--auto-ip', '--json'])
    .finally(() => delete process.env.OPENSTACK_CLOUDS_DEBUG);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const requests = r.stderr.split('\n').filter((l) => /^debug: [A-Z]+ \S+ -> /.test(l));
  const servers = 3 * CLOUDS.length;
  const perServer = requests.length / servers;
  const reads = requests.filter((l) => /^debug: GET \S+\/servers\/[0-9a-f-]{36} /.test(l)).length;
  console.log(`fleet: ${requests.length} requests, ${perServer.toFixed(1)} per server, ${reads} GET /servers/{id}`);
  // Each member reads its server once after the attach (a listing lagging adds one); polling on
  // its own it was ~7 GETs a member here, and ~22 requests per server in all (12 with the poller).
  assert.ok(reads <= 2 * servers, `${reads} GET /servers/{id} for ${servers} servers`);
  assert.ok(perServer <= 16, `${perServer.toFixed(1)} requests per server`);
  const report = JSON.parse(r.stdout) as { cloud: string; ok: boolean; servers: { name: string; status: string; publicV4?: string }[] }[];
  for (const cloud of report) {
    assert.ok(cloud.ok, JSON.stringify(cloud));
    assert.deepEqual(cloud.servers.map((s) => s.name), [`${name}-1`, `${name}-2`, `${name}-3`]);
    for (const s of cloud.servers) {
      assert.equal(s.status, 'ACTIVE');
      assert.match(s.publicV4 ?? '', /^203\.0\.113\.\d+$/, `${cloud.cloud} ${s.name}`);
    }
  }
  const ids = new Map<string, string[]>();
  for (const c of CLOUDS) {
    const s = await session(c);
    ids.set(c, (await findServersByPrefix(s, `${name}-`)).map((x) => x.id));
    await s.close();
  }
  const del = await cli(['delete', 'server', '--prefix', `${name}-`, '--wait', ...CLOUDS.flatMap((c) => ['--cloud', c])]);
  assert.equal(del.code, 0, del.stdout + del.stderr);
  assert.match(del.stdout, /deleted 3 servers .*released 3 floating IPs/);
  for (const c of CLOUDS) {
    const s = await session(c);
    assert.deepEqual(await leftovers(s, name), [], c);
    const ports = (await listPorts(s, {})).filter((p) => ids.get(c)!.includes(p.device_id));
    assert.deepEqual(ports.map((p) => p.id), [], `${c}: ports of the deleted servers`);
    const fips = (await listFloatingIps(s)).filter((f) => (f.description ?? '').includes('openstack-clouds') && ids.get(c)!.some((id) => f.description!.includes(id)));
    assert.deepEqual(fips.map((f) => f.floating_ip_address), [], `${c}: our floating IPs`);
    await s.close();
  }
});

test('a quota too low refuses the fleet with the numbers before creating anything there', async () => {
  const admin = (args: string[]) => osc(testCloud().adminCloudsYaml, 'local-admin', args);
  const project = `${prefix}-quota`;
  const password = crypto.randomBytes(12).toString('hex');
  await admin(['project', 'create', '--domain', 'Default', project]);
  try {
    await admin(['user', 'create', '--domain', 'Default', '--project', project, '--password', password, project]);
    await admin(['role', 'add', '--project', project, '--user', project, 'member']);
    await admin(['quota', 'set', '--instances', '1', project]);
    const authUrl = String((await region('local-password')).config.auth?.auth_url);
    const yaml = path.join(dir, 'quota-clouds.yaml');
    fs.writeFileSync(yaml, `clouds:\n  low-quota:\n    auth: {auth_url: '${authUrl}', username: '${project}', password: '${password}', project_name: '${project}', user_domain_name: Default, project_domain_name: Default}\n    region_name: RegionOne\n`, { mode: 0o600 });
    const r = await cli(['boot', `${project}-web`, '--count', '2', '--cloud', 'low-quota', '--image', 'none-needed', '--flavor', 'm1.tiny', '--auto-ip'], yaml);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /low-quota\/RegionOne: 2 servers need 2 instances, 1 left \(compute\)$/m);
    assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password));
    assert.equal((await admin(['server', 'list', '--all-projects', '--project', project, '-f', 'value', '-c', 'ID'])).trim(), '', 'nothing created');
  } finally {
    await admin(['user', 'delete', '--domain', 'Default', project]).catch(() => undefined);
    await admin(['project', 'delete', '--domain', 'Default', project]).catch(() => undefined);
  }
});
