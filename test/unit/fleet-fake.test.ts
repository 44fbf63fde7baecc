// Fleet boots on a fake cloud: the quota check refuses with the numbers before any server is
// created; a fleet that fits is NAME-1..N with the fleet tag, never more than --parallel boots at
// once, and a member that fails is deleted and tried once more; members wait through the fleet's
// one listing per round, and image, flavor and network are looked up once for all of them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeCloud, json } from '../support/fakeCloud';
import { Session } from '../../extension/openstack/session';
import { bootFleet, FLEET_KEY, formatFleetProgress } from '../../extension/openstack/compute/bootFleet';
import { shortfalls, quotaRefusal } from '../../extension/openstack/compute/fleetQuota';

interface FakeServer { id: string; name: string; status: string; metadata: Record<string, string>; polls: number }

/** Nova and Neutron enough for bootServer without auto IP, and quotas a test sets. */
async function fakeNova(options: { instances: [number, number]; cores?: [number, number]; failFirstBootOf?: string } = { instances: [-1, 0] }) {
  const cloud = await new FakeCloud().start();
  const servers = new Map<string, FakeServer>();
  const stats = { inFlight: 0, maxInFlight: 0, creates: 0, deletes: 0 };
  const failed = new Set<string>();
  cloud.on('GET', /^\/compute\/v2.1\/limits$/, (_q, res) => json(res, 200, { limits: { absolute: {
    maxTotalInstances: options.instances[0], totalInstancesUsed: options.instances[1],
    maxTotalCores: options.cores?.[0] ?? -1, totalCoresUsed: options.cores?.[1] ?? 0, maxTotalRAMSize: -1, totalRAMUsed: 0 } } }));
  cloud.on('GET', /^\/network\/v2.0\/quotas\/p1\/details$/, (_q, res) => json(res, 200, { quota: { floatingip: { limit: 50, used: 0, reserved: 0 }, port: { limit: -1, used: 3, reserved: 0 } } }));
  cloud.on('GET', /^\/compute\/v2.1\/flavors\/(detail)?$/, (_q, res) => json(res, 200, { flavors: [{ id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 }] }));
  cloud.on('GET', /^\/compute\/v2.1\/flavors\/1$/, (_q, res) => json(res, 200, { flavor: { id: '1', name: 'm1.tiny', ram: 512, vcpus: 1, disk: 1 } }));
  const image = { id: '5b5b1d5e-0000-4000-8000-000000000001', name: 'cirros', status: 'active' };
  cloud.on('GET', /^\/image\/v2\/images$/, (_q, res) => json(res, 200, { images: [image] }));
  cloud.on('GET', /^\/image\/v2\/images\/[^/]+$/, (_q, res) => json(res, 200, image));
  cloud.on('GET', /^\/network\/v2.0\/networks$/, (_q, res) => json(res, 200, { networks: [{ id: 'net-1', name: 'private', subnets: ['sub-1'] }] }));
  cloud.on('GET', /^\/network\/v2.0\/(subnets|ports|floatingips|routers)$/, (q, res) => json(res, 200, { [q.path.split('?')[0]!.split('/').pop()!]: [] }));
  cloud.on('POST', /^\/compute\/v2.1\/servers$/, async (q, res) => {
    stats.creates++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    const body = JSON.parse(q.body.toString()).server;
    const id = `srv-${stats.creates}`;
    const fail = body.name === options.failFirstBootOf && !failed.has(body.name);
    if (fail) failed.add(body.name);
    servers.set(id, { id, name: body.name, status: fail ? 'ERROR' : 'BUILD', metadata: body.metadata, polls: 0 });
    json(res, 202, { server: { id } });
  });
  // A look at a server, by GET or in a listing, moves it on: BUILD is ACTIVE at the second look.
  const look = (s: FakeServer) => {
    if (s.status === 'BUILD' && ++s.polls >= 2) {
      s.status = 'ACTIVE';
      stats.inFlight--;
    }
    if (s.status === 'ERROR' && s.polls++ === 0) stats.inFlight--;
    return { ...s, addresses: s.status === 'ACTIVE' ? { private: [{ addr: `10.0.0.${s.id.slice(4)}`, version: 4, 'OS-EXT-IPS:type': 'fixed' }] } : {}, fault: s.status === 'ERROR' ? { message: 'No valid host' } : undefined };
  };
  cloud.on('GET', /^\/compute\/v2.1\/servers\/[^/]+$/, (q, res) => {
    const s = servers.get(q.path.split('/').pop()!);
    if (!s) return json(res, 404, {});
    json(res, 200, { server: look(s) });
  });
  // Nova's `name` filter is a regex (re.search semantics).
  cloud.on('GET', /^\/compute\/v2.1\/servers\/detail$/, (q, res) => {
    const name = new URL(q.path, 'http://x').searchParams.get('name');
    json(res, 200, { servers: [...servers.values()].filter((s) => !name || new RegExp(name).test(s.name)).map(look) });
  });
  cloud.on('DELETE', /^\/compute\/v2.1\/servers\/[^/]+$/, (q, res) => {
    stats.deletes++;
    servers.delete(q.path.split('/').pop()!);
    res.writeHead(204).end();
  });
  return { cloud, servers, stats };
}

const clouds: FakeCloud[] = [];
after(() => Promise.all(clouds.map((c) => c.stop())));

test('quota shortfalls: each resource with what is needed and what is left; -1 is unlimited', () => {
  const usage = { instances: { limit: 10, used: 6 }, cores: { limit: 20, used: 12 }, 'MiB of RAM': { limit: -1, used: 99999 }, 'floating IPs': { limit: 5, used: 5 }, ports: { limit: 100, used: 0 } };
  const found = shortfalls({ servers: 10, flavor: { vcpus: 1, ram: 512 }, portsPerServer: 1, floatingIps: true }, usage);
  assert.deepEqual(found, [{ resource: 'instances', need: 10, left: 4 }, { resource: 'cores', need: 10, left: 8 }, { resource: 'floating IPs', need: 10, left: 0 }]);
  assert.equal(quotaRefusal(10, found.slice(0, 1)), '10 servers need 10 instances, 4 left');
  assert.deepEqual(shortfalls({ servers: 4, flavor: { vcpus: 2, ram: 512 }, portsPerServer: 2, floatingIps: false }, usage), [], 'fits: 4 instances, 8 cores, no floating IP');
});

test('a fleet over quota is refused with the numbers before any server is created', async () => {
  const { cloud, stats } = await fakeNova({ instances: [10, 6] });
  clouds.push(cloud);
  const session = new Session(cloud.region({}, 'local-a'));
  await assert.rejects(bootFleet(session, { name: 'web', count: 10, image: 'cirros', flavor: { nameOrId: 'm1.tiny' }, networks: ['private'], autoIp: false }),
    /^OpenStackError: local-a\/RegionOne: 10 servers need 10 instances, 4 left \(compute\)$/m);
  assert.equal(stats.creates, 0);
  assert.ok(!cloud.requests.some((r) => r.method === 'POST' && r.path.includes('/servers')));
  await session.close();
});

test('a fleet that fits: NAME-1..N with the fleet tag, at most `parallel` boots at once, a failed member retried once', async () => {
  const { cloud, servers, stats } = await fakeNova({ instances: [20, 0], cores: [20, 10], failFirstBootOf: 'web-3' });
  clouds.push(cloud);
  const session = new Session(cloud.region({}, 'local-a'));
  const seen: string[] = [];
  const result = await bootFleet(session, { name: 'web', count: 6, parallel: 2, image: 'cirros', flavor: { nameOrId: 'm1.tiny' }, networks: ['private'], autoIp: false, onProgress: (_t, p) => seen.push(formatFleetProgress(p)) });
  await session.close();
  assert.deepEqual(result.members.map((m) => [m.name, m.result?.status, m.attempts]), [['web-1', 'ACTIVE', 1], ['web-2', 'ACTIVE', 1], ['web-3', 'ACTIVE', 2], ['web-4', 'ACTIVE', 1], ['web-5', 'ACTIVE', 1], ['web-6', 'ACTIVE', 1]]);
  assert.ok(stats.maxInFlight <= 2, `at most 2 boots in flight, saw ${stats.maxInFlight}`);
  assert.equal(stats.creates, 7, 'six servers and one retry');
  assert.equal(stats.deletes, 1, 'the failed attempt was deleted');
  assert.deepEqual([...servers.values()].map((s) => s.metadata[FLEET_KEY]), Array(6).fill('web'));
  assert.equal(seen.at(-1), '6/6 ACTIVE · 0 failed · 1 retried');
  const gets = (pattern: RegExp) => cloud.requests.filter((r) => r.method === 'GET' && pattern.test(r.path.split('?')[0]!)).length;
  assert.equal(gets(/^\/compute\/v2.1\/servers\/srv-/), 0, 'members waited through the fleet\'s listing, not a GET each');
  const listings = cloud.requests.filter((r) => r.path.startsWith('/compute/v2.1/servers/detail?'));
  assert.ok(listings.length > 0 && listings.every((r) => new URL(r.path, 'http://x').searchParams.get('name') === '^web-[0-9]+$'), 'every listing filtered to the fleet');
  // Looked up once for the fleet, not once per member (7 boots).
  assert.deepEqual([gets(/^\/image\/v2\/images/), gets(/^\/compute\/v2.1\/flavors/), gets(/^\/network\/v2.0\/networks$/)], [1, 2, 2], 'image; flavor by name, then listed; the network, and the network discovery');
});
