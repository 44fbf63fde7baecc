// Reliability through the fault proxy: every cloud's traffic goes through proxies in front of the
// real services (test/support/proxiedCloud.ts) and faults are injected into auth, listing,
// uploads, boot and floating-IP attach. Each operation must end in success after retry or in a
// clear error naming the cloud; afterwards nothing half-made is left and no secret was ever
// written to a log line or an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Session } from '../../extension/openstack/session';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import { ImageFile } from '../../extension/openstack/images/imageFile';
import { uploadImage } from '../../extension/openstack/images/uploadImage';
import { bootServer } from '../../extension/openstack/compute/bootServer';
import { deleteServerAndIps } from '../../extension/openstack/compute/deleteServer';
import { listServerSummaries } from '../../extension/openstack/compute/servers';
import { collect } from '../../extension/openstack/services/paging';
import { listImages } from '../../extension/openstack/services/image';
import { listNetworks } from '../../extension/openstack/services/network';
import { ProxiedCloud } from '../support/proxiedCloud';
import type { FaultProxy, Rule } from '../support/faultProxy';
import { testCloud } from '../support/testCloud';
import { CLOUDS, leftovers, makeRaw, removeByPrefix, scratchDir, session as directSession, uniqueName } from '../support/cloudSessions';

const dir = scratchDir();
const prefix = uniqueName('rel');
const proxied = new Map<string, ProxiedCloud>();
const armed: Rule[] = [];
const logLines: string[] = [];
const errors: string[] = [];
const CANARIES = ['password-secret', 'tasks-secret', 'appcred-secret'];
const arm = (rule: Rule) => (armed.push(rule), rule);

/** A fresh session on the proxied cloud (short api_timeout so stalls end quickly). */
async function proxiedSession(cloud: string): Promise<Session> {
  const { regions } = await loadCloudRegions(proxied.get(cloud)!.cloudsYaml);
  const region = regions.find((r) => r.name === cloud)!;
  region.config.api_timeout = 2;
  return new Session(region, { log: (line) => logLines.push(line) });
}

async function service(cloud: string, type: string): Promise<FaultProxy> {
  const s = await proxiedSession(cloud);
  await s.token();
  await s.close();
  return proxied.get(cloud)!.service(type);
}

function expectNamedError(cloud: string) {
  return (e: Error) => {
    errors.push(e.message);
    assert.match(e.message, new RegExp(`^${cloud}/RegionOne: `));
    return true;
  };
}

before(async () => {
  for (const cloud of CLOUDS) proxied.set(cloud, await ProxiedCloud.start(testCloud().cloudsYaml, cloud, path.join(dir, cloud)));
});

after(async () => {
  for (const cloud of CLOUDS) {
    const s = await directSession(cloud);
    await removeByPrefix(s, prefix);
    await s.close();
    await proxied.get(cloud)?.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('auth: 503, reset, corrupt JSON and a stall on the token request; a 401 from a service', async () => {
  for (const cloud of CLOUDS) {
    const keystone = proxied.get(cloud)!.identity;
    const tokens = { method: 'POST', path: /^\/v3\/auth\/tokens/ };
    for (let i = 0; i < 6; i++) {
      arm(keystone.respondWith(tokens, 503, 'once'));
      arm(keystone.dropResponseAfter(tokens, 0, 'once'));
      const s = await proxiedSession(cloud);
      assert.ok((await s.token()).value);
      await s.close();
    }
    arm(keystone.corruptJson(tokens, 'once'));
    arm(keystone.stall(tokens, 'once'));
    const s = await proxiedSession(cloud);
    assert.ok((await s.token()).value);
    const glance = await service(cloud, 'image');
    arm(glance.unauthorizedOnce({ method: 'GET', path: /^\/v2\/images/ }));
    assert.ok(Array.isArray(await collect(listImages(s))));
    await s.close();
    // A fault that does not go away: a clear error naming the cloud.
    arm(keystone.respondWith(tokens, 503, 'always'));
    const doomed = await proxiedSession(cloud);
    await assert.rejects(doomed.token(), expectNamedError(cloud));
    keystone.clearFaults();
    await doomed.close();
  }
});

test('listing: 5xx, a response cut short, corrupt JSON, delays and a stall on images, servers and networks', async () => {
  for (const cloud of CLOUDS) {
    const [glance, nova, neutron] = [await service(cloud, 'image'), await service(cloud, 'compute'), await service(cloud, 'network')];
    const s = await proxiedSession(cloud);
    for (let i = 0; i < 3; i++) {
      arm(glance.respondWith({ method: 'GET', path: /^\/v2\/images/ }, i % 2 ? 500 : 503, 'once'));
      arm(glance.dropResponseAfter({ method: 'GET', path: /^\/v2\/images/ }, 40, 'once'));
      arm(glance.corruptJson({ method: 'GET', path: /^\/v2\/images/ }, 'once'));
      arm(nova.respondWith({ method: 'GET', path: /^\/v2\.1\/servers\/detail/ }, 502, 'once'));
      arm(nova.dropResponseAfter({ method: 'GET', path: /^\/v2\.1\/servers\/detail/ }, 10, 'once'));
      arm(neutron.delay({ method: 'GET', path: /^\/v2\.0\/networks/ }, 300, 'once'));
      arm(neutron.respondWith({ method: 'GET', path: /^\/v2\.0\/networks/ }, 503, 'once'));
      const [images, servers, networks] = await Promise.all([collect(listImages(s)), listServerSummaries(s), collect(listNetworks(s))]);
      assert.ok(images.some((img) => img.name === testCloud().clouds[cloud].image));
      assert.ok(Array.isArray(servers));
      assert.ok(networks.some((n) => n.name === 'private'));
    }
    arm(glance.stall({ method: 'GET', path: /^\/v2\/images/ }, 'once'));
    assert.ok((await collect(listImages(s))).length > 0);
    arm(nova.respondWith({ method: 'GET', path: /^\/v2\.1\/flavors/ }, 500, 'always'));
    await assert.rejects(collect((await import('../../extension/openstack/services/compute')).listFlavors(s)), expectNamedError(cloud));
    nova.clearFaults();
    await s.close();
  }
});

test('upload: connection reset mid-body, 5xx, a stall, a lost create answer, each method; a lasting 413 fails cleanly', async () => {
  const file = makeRaw(dir, 3 * 1024 * 1024 + 5, 'reliable.raw');
  const data = await ImageFile.open(file);
  await data.hashes();
  for (let round = 0; round < 2; round++) {
    // local-password: create + PUT
    const glance = await service('local-password', 'image');
    const put = await proxiedSession('local-password');
    arm(glance.dropRequestAfter({ method: 'PUT', path: /\/file$/ }, 512 * 1024, 'once'));
    arm(glance.respondWith({ method: 'PUT', path: /\/file$/ }, 503, 'once'));
    arm(glance.stall({ method: 'PUT', path: /\/file$/ }, 'once'));
    const r1 = await uploadImage(put, await ImageFile.open(file), { name: `${prefix}-put-${round}`, allowDuplicates: true, attempts: 4 });
    assert.equal(r1.image.status, 'active');
    assert.equal(r1.attempts, 4);
    arm(glance.respondWith({ method: 'POST', path: /^\/v2\/images$/ }, 500, 'once'));
    arm(glance.dropResponseAfter({ method: 'POST', path: /^\/v2\/images$/ }, 0, 'once'));
    arm(glance.respondWith({ method: 'PATCH', path: /^\/v2\/images\// }, 503, 'once'));
    const r2 = await uploadImage(put, await ImageFile.open(file), { name: `${prefix}-create-${round}`, allowDuplicates: true });
    assert.equal(r2.image.status, 'active');
    arm(glance.respondWith({ method: 'PUT', path: /\/file$/ }, 413, 'always'));
    await assert.rejects(uploadImage(put, await ImageFile.open(file), { name: `${prefix}-quota-${round}`, allowDuplicates: true }), (e: Error & { status?: number }) => {
      expectNamedError('local-password')(e);
      assert.match(e.message, /HTTP 413/);
      return true;
    });
    glance.clearFaults();
    await put.close();

    // local-appcred: glance-direct stage + import
    const glance2 = await service('local-appcred', 'image');
    const direct = await proxiedSession('local-appcred');
    arm(glance2.dropRequestAfter({ method: 'PUT', path: /\/stage$/ }, 256 * 1024, 'once'));
    arm(glance2.respondWith({ method: 'POST', path: /\/import$/ }, 503, 'once'));
    const r3 = await uploadImage(direct, await ImageFile.open(file), { name: `${prefix}-direct-${round}`, allowDuplicates: true });
    assert.equal(r3.method, 'glance-direct');
    assert.equal(r3.image.status, 'active');
    await direct.close();

    // local-tasks: Swift (segmented) + import task
    const swift = await service('local-tasks', 'object-store');
    const glance3 = await service('local-tasks', 'image');
    const tasks = await proxiedSession('local-tasks');
    arm(swift.dropRequestAfter({ method: 'PUT', path: /\/images\/.+\/000001$/ }, 100 * 1024, 'once'));
    arm(glance3.respondWith({ method: 'POST', path: /^\/v2\/tasks$/ }, 500, 'once'));
    arm(glance3.respondWith({ method: 'GET', path: /^\/v2\/tasks\// }, 503, 'once'));
    const r4 = await uploadImage(tasks, await ImageFile.open(file), { name: `${prefix}-tasks-${round}`, allowDuplicates: true, segmentSize: 1024 * 1024 });
    assert.equal(r4.method, 'tasks');
    assert.equal(r4.image.status, 'active');
    await tasks.close();
  }
});

test('boot and floating-IP attach: a lost POST answer, 5xx, a stall; a lasting failure releases everything', async () => {
  const image = testCloud().clouds['local-password'].image;
  const nova = await service('local-password', 'compute');
  const neutron = await service('local-password', 'network');
  const s = await proxiedSession('local-password');
  s.region.config.api_timeout = 4;
  const boot = (name: string) => bootServer(s, { name, image, flavor: { nameOrId: 'm1.tiny' }, networks: ['private'], autoIp: true, reuseIps: false, timeoutMs: 120_000 });

  arm(nova.respondWith({ method: 'POST', path: /^\/v2\.1\/servers$/ }, 500, 'once'));
  arm(nova.respondWith({ method: 'GET', path: /^\/v2\.1\/servers\/[0-9a-f-]+$/ }, 503, 2));
  arm(neutron.respondWith({ method: 'POST', path: /^\/v2\.0\/floatingips$/ }, 500, 'once'));
  // A neutron answering before the port shows on the floating IP: the attach is polled (an answer
  // that already shows it is not), and that poll meets a 503.
  arm(neutron.corruptJson({ method: 'POST', path: /^\/v2\.0\/floatingips$/ }, 'once', (b) => ({ floatingip: { ...(b as { floatingip: object }).floatingip, port_id: null } })));
  const attachPoll = arm(neutron.respondWith({ method: 'GET', path: /^\/v2\.0\/floatingips\/[0-9a-f-]+$/ }, 503, 'once'));
  const first = await boot(`${prefix}-boot1`);
  assert.match(first.publicV4 ?? '', /^203\.0\.113\./);
  assert.equal(attachPoll.hits, 1, 'the attach poll ran and met its 503');

  arm(nova.dropResponseAfter({ method: 'POST', path: /^\/v2\.1\/servers$/ }, 0, 'once'));
  arm(neutron.dropResponseAfter({ method: 'POST', path: /^\/v2\.0\/floatingips$/ }, 0, 'once'));
  arm(nova.stall({ method: 'GET', path: /^\/v2\.1\/servers\/[0-9a-f-]+$/ }, 'once'));
  const second = await boot(`${prefix}-boot2`);
  assert.match(second.publicV4 ?? '', /^203\.0\.113\./);
  assert.ok(second.floatingIpCreated);

  arm(neutron.respondWith({ method: 'POST', path: /^\/v2\.0\/floatingips$/ }, 500, 'always'));
  await assert.rejects(boot(`${prefix}-boot3`), expectNamedError('local-password'));
  neutron.clearFaults();

  arm(neutron.respondWith({ method: 'PUT', path: /^\/v2\.0\/floatingips\// }, 503, 'once'));
  for (const b of [first, second]) await deleteServerAndIps(s, b.id, undefined, true);
  await s.close();
});

test(`afterwards: at least 100 faults were injected, nothing half-made is left, no secret was ever logged`, async () => {
  const injected = armed.reduce((sum, r) => sum + r.hits, 0);
  console.log(`reliability: ${injected} faults injected (${[...new Set(armed.map((r) => r.kind))].join(', ')})`);
  assert.ok(injected >= 100, `only ${injected} faults fired`);
  for (const cloud of CLOUDS) {
    const s = await directSession(cloud);
    assert.deepEqual(await leftovers(s, prefix), [], cloud);
    await s.close();
  }
  const everything = [...logLines, ...errors].join('\n');
  assert.ok(logLines.length > 100, 'requests were logged');
  for (const secret of CANARIES) assert.ok(!everything.includes(secret), `a secret appeared in a log line or error`);
});
