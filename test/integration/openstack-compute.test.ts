// Compute and network on the real local OpenStack: flavors, key pairs, networks, servers, and boot
// with auto_ip on every cloud, then the public address as §5.3 finds it, then delete.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { bootServer } from '../../extension/openstack/compute/bootServer';
import { deleteServerAndIps } from '../../extension/openstack/compute/deleteServer';
import { findFlavor } from '../../extension/openstack/compute/lookups';
import { listServerSummaries } from '../../extension/openstack/compute/servers';
import { FIP_MARKER } from '../../extension/openstack/compute/floatingIps';
import { consoleLog, deleteKeypair, importKeypair, listKeypairs, showServer } from '../../extension/openstack/services/compute';
import { listFloatingIps, showFloatingIp } from '../../extension/openstack/services/network';
import { interestingNetworks, natDestinationNetwork } from '../../extension/openstack/compute/networkDiscovery';
import { CLOUDS, leftovers, cleanUp, session, uniqueName } from '../support/cloudSessions';
import { testCloud } from '../support/testCloud';

const prefix = uniqueName('cp');

after(() => cleanUp(prefix));

test('flavors by name, by id, and the smallest with at least the RAM and vCPUs asked for', async () => {
  const s = await session('local-password');
  assert.equal((await findFlavor(s, { nameOrId: 'm1.small' })).name, 'm1.small');
  assert.equal((await findFlavor(s, { nameOrId: '1' })).name, 'm1.tiny');
  assert.equal((await findFlavor(s, { minRamMiB: 1024 })).name, 'm1.small');
  assert.equal((await findFlavor(s, { minRamMiB: 256, minVcpus: 1 })).name, 'm1.tiny');
  await assert.rejects(findFlavor(s, { minRamMiB: 1 << 30 }), /local-password\/RegionOne: no flavor has at least/);
  await s.close();
});

test('key pairs: import a public key, list it, delete it', async () => {
  const s = await session('local-appcred');
  const name = `${prefix}-key`;
  const publicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKr3pF1c8c4Xn3T3QeLx3b0lOQeWbqk9bq8x2m6kq8oV test@example';
  await importKeypair(s, name, publicKey);
  assert.ok((await listKeypairs(s)).some((k) => k.name === name));
  await deleteKeypair(s, name);
  assert.ok(!(await listKeypairs(s)).some((k) => k.name === name));
  await s.close();
});

test('network discovery: public is external and the floating network, private is internal', async () => {
  const s = await session('local-tasks');
  const nets = await interestingNetworks(s);
  const external = testCloud().externalNetwork;
  assert.deepEqual(nets.externalIpv4.map((n) => n.name), [external]);
  assert.ok(nets.internalIpv4.some((n) => n.name === 'private'));
  assert.equal(nets.floating[0]?.name, external);
  assert.equal(nets.natDestination, undefined, 'none configured');
  assert.equal((await natDestinationNetwork(s))?.name, 'private', 'the network whose subnet has a gateway');
  await s.close();
});

for (const cloud of CLOUDS) {
  test(`${cloud}: boot with auto_ip reaches ACTIVE, gets a floating IP on the external network, and delete releases it`, async () => {
    const s = await session(cloud);
    const steps: string[] = [];
    const boot = await bootServer(s, {
      name: `${prefix}-${cloud}`, image: testCloud().clouds[cloud].image, flavor: { nameOrId: 'm1.tiny' }, networks: ['private'],
      autoIp: true, reuseIps: false, userData: '#cloud-config\n', onProgress: (_t, step) => steps.push(step),
    });
    assert.equal(boot.status, 'ACTIVE');
    assert.ok(boot.floatingIpCreated);
    assert.match(boot.publicV4 ?? '', /^203\.0\.113\.\d+$/, 'the floating IP (TEST-NET-3) is found as the public IPv4');
    assert.equal(boot.publicV4, boot.floatingIp!.floating_ip_address);
    assert.ok(boot.privateV4?.startsWith(testCloud().clouds[cloud].privateCidr.split('.').slice(0, 3).join('.')));
    assert.ok(boot.floatingIp!.description?.startsWith(FIP_MARKER));
    assert.deepEqual(steps.slice(-2), ['attaching a floating IP', 'done']);
    const listed = (await listServerSummaries(s)).find((x) => x.id === boot.id);
    assert.equal(listed?.publicV4, boot.publicV4);
    assert.equal(typeof (await consoleLog(s, boot.id, 10)), 'string');
    const deleted = await deleteServerAndIps(s, boot.id, undefined, true);
    assert.deepEqual(deleted.releasedFloatingIps, [boot.publicV4]);
    assert.equal(await showServer(s, boot.id), undefined);
    assert.equal(await showFloatingIp(s, boot.floatingIp!.id), undefined);
    assert.deepEqual(await leftovers(s, prefix), []);
    await s.close();
  });
}

test('auto_ip reuses an unattached floating IP of the project instead of allocating another', async () => {
  const s = await session('local-password');
  const first = await bootServer(s, { name: `${prefix}-reuse1`, image: testCloud().clouds['local-password'].image, flavor: { nameOrId: 'm1.tiny' }, networks: ['private'], autoIp: true, reuseIps: false });
  // Detach the IP from the first server: it stays allocated to the project, unattached.
  const { updateFloatingIp } = await import('../../extension/openstack/services/network');
  await updateFloatingIp(s, first.floatingIp!.id, { port_id: null });
  const second = await bootServer(s, { name: `${prefix}-reuse2`, image: testCloud().clouds['local-password'].image, flavor: { nameOrId: 'm1.tiny' }, networks: ['private'], autoIp: true });
  assert.equal(second.floatingIpCreated, false);
  assert.equal(second.publicV4, first.floatingIp!.floating_ip_address);
  await deleteServerAndIps(s, second.id);
  await deleteServerAndIps(s, first.id);
  // The reused IP was created for the first server: it is released with... neither server now; release it.
  const { deleteFloatingIp } = await import('../../extension/openstack/services/network');
  for (const f of await listFloatingIps(s)) if (f.id === first.floatingIp!.id) await deleteFloatingIp(s, f.id);
  await s.close();
});

test('a boot that cannot succeed (unknown image) fails naming the cloud and leaves no server', async () => {
  const s = await session('local-appcred');
  await assert.rejects(bootServer(s, { name: `${prefix}-bad`, image: 'no-such-image', flavor: { nameOrId: 'm1.tiny' } }), /^Error: local-appcred\/RegionOne: no image named 'no-such-image'|local-appcred\/RegionOne: no image named 'no-such-image'/);
  assert.deepEqual(await leftovers(s, prefix), []);
  await s.close();
});
