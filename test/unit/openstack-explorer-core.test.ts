// Core pieces the explorer needs: deleting an image with its Swift copy, servers a page at a time
// with their public addresses, and the login user guessed from an image's properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session } from '../../extension/openstack/session';
import { deleteImageAndData } from '../../extension/openstack/images/deleteImage';
import { serverSummaryPages } from '../../extension/openstack/compute/servers';
import { guessLoginUser } from '../../extension/openstack/compute/loginUser';
import { FakeCloud, json } from '../support/fakeCloud';

test('deleteImageAndData removes the Swift copy a task-flow image names, and only on a tasks cloud', async () => {
  const cloud = await new FakeCloud().start();
  cloud.on('DELETE', /^\/image\/v2\/images\/[^/]+$/, (_q, res) => { res.writeHead(204); res.end(); });
  cloud.on('DELETE', /^\/swift\/v1\/AUTH_p1\/images\/.+$/, (_q, res) => { res.writeHead(204); res.end(); });
  cloud.on('HEAD', /^\/swift\/v1\/AUTH_p1\/images\/disk-1$/, (_q, res) => { res.writeHead(200, { 'x-object-meta-x-sdk-autocreated': 'true', 'x-object-meta-x-sdk-sha256': 'e3b0' }); res.end(); });
  const image = { id: 'img-1', name: 'disk-1', owner: 'p1', 'owner_specified.openstack.object': 'images/disk-1', 'owner_specified.openstack.sha256': 'e3b0' };
  const tasks = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2`, image_api_use_tasks: true }));
  assert.deepEqual(await deleteImageAndData(tasks, image), { imageId: 'img-1', existed: true, removedObject: 'images/disk-1' });
  const swiftCalls = () => cloud.requests.filter((r) => r.path.startsWith('/swift/')).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(swiftCalls(), ['HEAD /swift/v1/AUTH_p1/images/disk-1', 'DELETE /swift/v1/AUTH_p1/images/disk-1']);

  const put = new Session(cloud.region({ image_endpoint_override: `${cloud.url}/image/v2` }));
  assert.deepEqual(await deleteImageAndData(put, image), { imageId: 'img-1', existed: true });
  assert.equal(swiftCalls().length, 2, 'a PUT cloud never touches Swift');
  await Promise.all([tasks.close(), put.close()]);
  await cloud.stop();
});

test('serverSummaryPages yields one page per API page, with the floating IPs Neutron knows', async () => {
  const cloud = await new FakeCloud().start();
  const server = (id: string) => ({ id, name: `vm-${id}`, status: 'ACTIVE', addresses: { private: [{ addr: `10.0.0.${id}`, version: 4, 'OS-EXT-IPS:type': 'fixed' }] } });
  cloud.on('GET', /^\/compute\/v2\.1\/servers\/detail$/, (q, res) => {
    const marker = new URL(q.path, cloud.url).searchParams.get('marker');
    assert.equal(new URL(q.path, cloud.url).searchParams.get('limit'), '2');
    if (!marker) json(res, 200, { servers: [server('1'), server('2')], servers_links: [{ rel: 'next', href: `${cloud.url}/compute/v2.1/servers/detail?limit=2&marker=2` }] });
    else json(res, 200, { servers: [server('3')] });
  });
  cloud.on('GET', /^\/network\/v2\.0\/networks$/, (_q, res) => json(res, 200, { networks: [{ id: 'n1', name: 'public', 'router:external': true, subnets: [] }] }));
  cloud.on('GET', /^\/network\/v2\.0\/subnets$/, (_q, res) => json(res, 200, { subnets: [] }));
  cloud.on('GET', /^\/network\/v2\.0\/floatingips$/, (_q, res) => json(res, 200, { floatingips: [{ id: 'f1', floating_ip_address: '203.0.113.9', floating_network_id: 'n1', port_id: 'p3', fixed_ip_address: '10.0.0.3' }] }));
  cloud.on('GET', /^\/network\/v2\.0\/ports$/, (_q, res) => json(res, 200, { ports: [{ id: 'p3', network_id: 'n2', device_id: '3', fixed_ips: [] }] }));
  cloud.on('GET', /^\/network\/v2\.0\/routers$/, (_q, res) => json(res, 200, { routers: [] }));
  const session = new Session(cloud.region({ network_endpoint_override: `${cloud.url}/network/v2.0` }));
  const batches = [];
  for await (const page of serverSummaryPages(session, 2)) batches.push(page.map((s) => [s.summary.name, s.summary.publicV4 ?? '-', s.summary.privateV4]));
  assert.deepEqual(batches, [[['vm-1', '-', '10.0.0.1'], ['vm-2', '-', '10.0.0.2']], [['vm-3', '203.0.113.9', '10.0.0.3']]]);
  await session.close();
  await cloud.stop();
});

test('guessLoginUser: os_admin_user, then default_user, then the distro, else root', () => {
  assert.deepEqual(guessLoginUser({ os_admin_user: 'admin', default_user: 'x', os_distro: 'ubuntu' }).user, 'admin');
  assert.equal(guessLoginUser({ default_user: 'ops', os_distro: 'ubuntu' }).user, 'ops');
  assert.equal(guessLoginUser({ os_distro: 'Ubuntu' }).user, 'ubuntu');
  assert.equal(guessLoginUser({ os_distro: 'debian' }).user, 'debian');
  assert.equal(guessLoginUser({ os_distro: 'centos', os_version: '7' }).user, 'centos');
  assert.equal(guessLoginUser({ os_distro: 'centos', os_version: '9-stream' }).user, 'cloud-user');
  assert.equal(guessLoginUser({ os_distro: 'plan9' }).user, 'root');
  assert.equal(guessLoginUser(undefined).user, 'root');
  assert.match(guessLoginUser({ os_distro: 'fedora' }).source, /os_distro \(fedora\)/);
});
