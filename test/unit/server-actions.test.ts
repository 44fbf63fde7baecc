// Server power actions on a fake Nova (the request bodies Nova documents, a 409 said with the
// server's status and the cloud's words) and the read-only details documents of a server and an
// image: the fields a user looks for, and no control character or bidi override from the cloud.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { FakeCloud, json } from '../support/fakeCloud';
import { Session } from '../../extension/openstack/session';
import { powerAction, rebuildServer, waitForPowerAction, waitForRebuild, allowedIn, settledStatus, ActionReverted } from '../../extension/openstack/compute/powerActions';
import { fetchServerDetails, serverDetailsYaml } from '../../extension/openstack/compute/serverDetails';
import { imageDetailsYaml } from '../../extension/openstack/images/imageDetails';
import { untrustedValue } from '../../extension/yaml/untrustedYaml';
import { powerButton, powerConfirmation, splitByStatus } from '../../extension/ui/actions/powerConfirmation';
import { parseYaml, toPlain } from '../../extension/yaml/positionedYaml';

const clouds: FakeCloud[] = [];
after(() => Promise.all(clouds.map((c) => c.stop())));

/** One server whose status the actions change; a 409 when the action does not fit its state. */
async function fakeNova(initial: string, options: { revert?: boolean } = {}) {
  const cloud = await new FakeCloud().start();
  clouds.push(cloud);
  const server = { id: 'srv-1', name: 'web', status: initial, 'OS-EXT-STS:task_state': null as string | null, polls: 0 };
  const bodies: unknown[] = [];
  cloud.on('POST', /^\/compute\/v2.1\/servers\/srv-1\/action$/, (q, res) => {
    const body = JSON.parse(q.body.toString());
    bodies.push(body);
    const stop = 'os-stop' in body;
    const start = 'os-start' in body;
    if ((stop && server.status !== 'ACTIVE') || (start && server.status !== 'SHUTOFF')) {
      return json(res, 409, { conflictingRequest: { code: 409, message: `Cannot '${stop ? 'stop' : 'start'}' instance srv-1 while it is in vm_state ${server.status === 'SHUTOFF' ? 'stopped' : 'active'}` } });
    }
    server['OS-EXT-STS:task_state'] = stop ? 'powering-off' : start ? 'powering-on' : 'rebooting';
    server.polls = 0;
    res.writeHead(202).end();
  });
  cloud.on('GET', /^\/compute\/v2.1\/servers\/srv-1$/, (_q, res) => {
    if (server['OS-EXT-STS:task_state'] && ++server.polls >= 2) {
      if (!options.revert) server.status = server['OS-EXT-STS:task_state'] === 'powering-off' ? 'SHUTOFF' : 'ACTIVE';
      server['OS-EXT-STS:task_state'] = null;
    }
    json(res, 200, { server });
  });
  cloud.on('POST', /^\/compute\/v2.1\/servers\/gone\/action$/, (_q, res) => json(res, 404, { itemNotFound: { code: 404, message: 'Instance gone could not be found.' } }));
  const session = new Session(cloud.region({}, 'local-a'));
  return { cloud, server, bodies, session };
}

test('stop, start, soft and hard reboot send the bodies Nova documents and wait for the settled status', async () => {
  const { bodies, session, server } = await fakeNova('ACTIVE');
  await powerAction(session, { id: 'srv-1', name: 'web' }, 'stop');
  assert.equal((await waitForPowerAction(session, { id: 'srv-1' }, 'stop', { timeoutMs: 10_000 })).status, 'SHUTOFF');
  await powerAction(session, { id: 'srv-1', name: 'web' }, 'start');
  assert.equal((await waitForPowerAction(session, { id: 'srv-1' }, 'start', { timeoutMs: 10_000 })).status, 'ACTIVE');
  await powerAction(session, { id: 'srv-1' }, 'reboot');
  await waitForPowerAction(session, { id: 'srv-1' }, 'reboot', { timeoutMs: 10_000 });
  await powerAction(session, { id: 'srv-1' }, 'hardReboot');
  await rebuildServer(session, { id: 'srv-1' }, 'img-2');
  assert.equal((await waitForRebuild(session, { id: 'srv-1' }, { timeoutMs: 10_000 })).status, 'ACTIVE');
  assert.deepEqual(bodies, [{ 'os-stop': null }, { 'os-start': null }, { reboot: { type: 'SOFT' } }, { reboot: { type: 'HARD' } }, { rebuild: { imageRef: 'img-2' } }]);
  assert.equal(server.status, 'ACTIVE');
  await session.close();
});

test('a 409 names the cloud, the service, the status the server is in, and Nova\'s message', async () => {
  const { session } = await fakeNova('SHUTOFF');
  await assert.rejects(powerAction(session, { id: 'srv-1', name: 'web' }, 'stop'), (e: Error) => {
    assert.match(e.message, /^local-a\/RegionOne: cannot stop server "web" while it is SHUTOFF \(compute POST\): HTTP 409: Cannot 'stop' instance srv-1 while it is in vm_state stopped$/);
    return true;
  });
  await assert.rejects(powerAction(session, { id: 'gone', name: 'old' }, 'reboot'), /local-a\/RegionOne: cannot reboot server "old": it no longer exists \(compute POST\): HTTP 404/);
  await session.close();
});

test('an action the compute host undid (task state gone, status unchanged) ends the wait with a message, not a timeout', async () => {
  const { session } = await fakeNova('ACTIVE', { revert: true });
  await powerAction(session, { id: 'srv-1', name: 'web' }, 'stop');
  const started = Date.now();
  await assert.rejects(waitForPowerAction(session, { id: 'srv-1', name: 'web' }, 'stop', { timeoutMs: 60_000 }), (e: Error) => {
    assert.ok(e instanceof ActionReverted);
    assert.match(e.message, /^local-a\/RegionOne: the cloud did not stop server web: it is ACTIVE again \(the compute host undid the action/);
    return true;
  });
  assert.ok(Date.now() - started < 15_000, 'told within seconds');
  await session.close();
});

test('which actions a status allows (the menus follow this), and what each settles as', () => {
  assert.ok(allowedIn('start', 'SHUTOFF') && !allowedIn('start', 'ACTIVE'));
  assert.ok(allowedIn('stop', 'active') && !allowedIn('stop', 'SHUTOFF'));
  assert.ok(allowedIn('hardReboot', 'ERROR') && !allowedIn('reboot', 'ERROR'));
  assert.equal(settledStatus('stop'), 'SHUTOFF');
  assert.equal(settledStatus('hardReboot'), 'ACTIVE');
});

const HOSTILE = 'evil\u001b]52;c;aGk=\u0007\u202e\r\nname';

function assertClean(text: string): void {
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'no control character or bidi override in the document');
}

test('server details: addresses by network, flavor and image by name, key, groups, metadata, dates, fault; cloud text escaped', async () => {
  const cloud = await new FakeCloud().start();
  clouds.push(cloud);
  const server = {
    id: 'srv-9', name: HOSTILE, status: 'ERROR', 'OS-EXT-STS:power_state': 4, key_name: 'mykey',
    addresses: { private: [{ addr: '10.0.0.5', version: 4, 'OS-EXT-IPS:type': 'fixed' }, { addr: '172.24.4.9', version: 4, 'OS-EXT-IPS:type': 'floating' }], v6: [{ addr: 'fd00::5', version: 6 }] },
    flavor: { id: 'f1' }, image: { id: 'img-1' }, security_groups: [{ name: 'default' }, { name: 'web' }],
    metadata: { role: 'db', [HOSTILE]: 'x'.repeat(5000) }, created: '2026-12-06T01:00:00Z', updated: '2026-12-06T01:05:00Z',
    fault: { code: 500, message: 'No valid host was found. \u001b[2J', created: '2026-12-06T01:04:00Z' },
  };
  cloud.on('GET', /^\/compute\/v2.1\/servers\/srv-9$/, (_q, res) => json(res, 200, { server }));
  cloud.on('GET', /^\/compute\/v2.1\/flavors\/f1$/, (_q, res) => json(res, 200, { flavor: { id: 'f1', name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 } }));
  cloud.on('GET', /^\/image\/v2\/images\/img-1$/, (_q, res) => json(res, 200, { id: 'img-1', name: 'cirros-0.6', status: 'active' }));
  const session = new Session(cloud.region({}, 'local-a'));
  const input = await fetchServerDetails(session, 'srv-9');
  assert.ok(input);
  const text = serverDetailsYaml(input, 'local-a/RegionOne', new Date('2026-12-06T02:00:00Z'));
  assertClean(text);
  assert.match(text, /^# Server details on local-a\/RegionOne, read-only, as the cloud answered at 2026-12-06T02:00:00.000Z\n/);
  const back = toPlain(parseYaml(text).documents[0]?.root) as Record<string, unknown>;
  assert.equal(back.name, HOSTILE, 'the escapes read back as the cloud\'s exact name');
  assert.equal(back.status, 'ERROR');
  assert.equal(back.power_state, 'SHUTDOWN');
  assert.deepEqual(back.fault, { message: 'No valid host was found. \u001b[2J', code: 500, created: '2026-12-06T01:04:00Z' });
  assert.deepEqual(back.addresses, { private: ['10.0.0.5 (IPv4, fixed)', '172.24.4.9 (IPv4, floating)'], v6: ['fd00::5 (IPv6)'] });
  assert.deepEqual(back.flavor, { name: 'm1.small', id: 'f1', vcpus: 1, ram_mib: 2048, disk_gib: 20 });
  assert.deepEqual(back.image, { name: 'cirros-0.6', id: 'img-1' });
  assert.equal(back.key_name, 'mykey');
  assert.deepEqual(back.security_groups, ['default', 'web']);
  assert.equal((back.metadata as Record<string, string>).role, 'db');
  assert.match((back.metadata as Record<string, string>)[HOSTILE]!, /^x{4000}… \(1000 more characters\)$/, 'long values are cut');
  assert.equal(back.created, '2026-12-06T01:00:00Z');
  assert.equal(back.updated, '2026-12-06T01:05:00Z');
  assert.equal(await fetchServerDetails(session, 'nope'), undefined, 'a server Nova does not know (404) has no details');
  await session.close();
});

test('server details: a floating IP Neutron has attached but Nova does not list yet is shown, as the tree shows it', async () => {
  const cloud = await new FakeCloud().start();
  clouds.push(cloud);
  const server = { id: 'srv-2', name: 'web-1', status: 'ACTIVE', addresses: { private: [{ addr: '10.0.0.7', version: 4, 'OS-EXT-IPS:type': 'fixed' }] }, flavor: { id: 'f1' }, image: { id: 'img-1' } };
  cloud.on('GET', /^\/compute\/v2.1\/servers\/srv-2$/, (_q, res) => json(res, 200, { server }));
  cloud.on('GET', /^\/compute\/v2.1\/flavors\/f1$/, (_q, res) => json(res, 404, {}));
  cloud.on('GET', /^\/image\/v2\/images\/img-1$/, (_q, res) => json(res, 404, {}));
  cloud.on('GET', /^\/network\/v2\.0\/ports$/, (q, res) => {
    assert.match(q.path, /device_id=srv-2/, 'only the server\'s own ports are asked for');
    json(res, 200, { ports: [{ id: 'p7', device_id: 'srv-2', mac_address: 'fa:16:3e:00:00:07', fixed_ips: [] }, { id: 'p8', device_id: 'srv-2', mac_address: 'fa:16:3e:00:00:08', fixed_ips: [] }] });
  });
  cloud.on('GET', /^\/network\/v2\.0\/floatingips$/, (q, res) => {
    assert.deepEqual(new URL(q.path, cloud.url).searchParams.getAll('port_id'), ['p7', 'p8'], 'every port in one request');
    json(res, 200, { floatingips: [{ id: 'fip', floating_ip_address: '203.0.113.7', port_id: 'p7', fixed_ip_address: '10.0.0.7' }] });
  });
  const session = new Session(cloud.region({ network_endpoint_override: `${cloud.url}/network/v2.0` }, 'local-a'));
  const input = await fetchServerDetails(session, 'srv-2');
  assert.ok(input);
  const back = toPlain(parseYaml(serverDetailsYaml(input, 'local-a/RegionOne')).documents[0]?.root) as Record<string, unknown>;
  assert.deepEqual(back.addresses, { private: ['10.0.0.7 (IPv4, fixed)', '203.0.113.7 (IPv4, floating)'] });
  assert.equal(cloud.requests.filter((r) => r.path.startsWith('/network/v2.0/floatingips')).length, 1, 'one floating IP request for both ports');
  await session.close();
  // A cloud without floating IPs (floating_ip_source: None, as openstacksdk reads it) is not asked for them.
  const asked = cloud.requests.length;
  const none = new Session(cloud.region({ network_endpoint_override: `${cloud.url}/network/v2.0`, floating_ip_source: 'None' }, 'local-a'));
  const plain = await fetchServerDetails(none, 'srv-2');
  assert.deepEqual(plain?.server.addresses, server.addresses);
  assert.deepEqual(cloud.requests.slice(asked).filter((r) => r.path.startsWith('/network/')), [], 'no Neutron request');
  await none.close();
});

test('server details of a server with many ports: floating IPs asked 50 ports a request, a floating IP of another port is not shown', async () => {
  const cloud = await new FakeCloud().start();
  clouds.push(cloud);
  const ports = Array.from({ length: 120 }, (_, i) => ({ id: `p${i}`, device_id: 'srv-3', mac_address: `fa:16:3e:00:01:${i}`, fixed_ips: [] }));
  const server = { id: 'srv-3', name: 'many', status: 'ACTIVE', addresses: { private: [{ addr: '10.0.0.9', version: 4, 'OS-EXT-IPS:type': 'fixed' }] }, flavor: { id: 'f1' }, image: { id: 'img-1' } };
  cloud.on('GET', /^\/compute\/v2.1\/servers\/srv-3$/, (_q, res) => json(res, 200, { server }));
  cloud.on('GET', /^\/compute\/v2.1\/flavors\/f1$/, (_q, res) => json(res, 404, {}));
  cloud.on('GET', /^\/image\/v2\/images\/img-1$/, (_q, res) => json(res, 404, {}));
  cloud.on('GET', /^\/network\/v2\.0\/ports$/, (_q, res) => json(res, 200, { ports }));
  const asked: string[][] = [];
  cloud.on('GET', /^\/network\/v2\.0\/floatingips$/, (q, res) => {
    const part = new URL(q.path, cloud.url).searchParams.getAll('port_id');
    asked.push(part);
    // A cloud that also answers with a floating IP of a port it was not asked about.
    const fips = part.includes('p119') ? [{ id: 'fip', floating_ip_address: '203.0.113.9', port_id: 'p119', fixed_ip_address: '10.0.0.9' }] : [];
    json(res, 200, { floatingips: [...fips, { id: 'other', floating_ip_address: '203.0.113.66', port_id: 'not-this-server', fixed_ip_address: '10.0.0.66' }] });
  });
  const session = new Session(cloud.region({ network_endpoint_override: `${cloud.url}/network/v2.0` }, 'local-a'));
  const input = await fetchServerDetails(session, 'srv-3');
  assert.deepEqual(asked.map((a) => a.length), [50, 50, 20], 'the ports in requests of 50');
  assert.deepEqual(asked.flat(), ports.map((p) => p.id), 'every port asked once');
  const back = toPlain(parseYaml(serverDetailsYaml(input!, 'local-a/RegionOne')).documents[0]?.root) as Record<string, unknown>;
  assert.deepEqual(back.addresses, { private: ['10.0.0.9 (IPv4, fixed)', '203.0.113.9 (IPv4, floating)'] });
  await session.close();
});

test('image details: status, visibility, os_distro, size, checksums first, other properties after; cloud text escaped', () => {
  const text = imageDetailsYaml({
    id: 'img-1', name: 'ubuntu-24.04', status: 'active', visibility: 'public', os_distro: 'ubuntu', os_version: '24.04', size: 3 * 1024 * 1024,
    checksum: 'd41d8cd98f00b204e9800998ecf8427e', os_hash_algo: 'sha512', os_hash_value: 'ab'.repeat(64), disk_format: 'qcow2',
    self: '/v2/images/img-1', file: '/v2/images/img-1/file', schema: '/v2/schemas/image', hw_disk_bus: 'virtio', [HOSTILE]: { nested: [1, true, null] },
  }, 'local-a/RegionOne');
  assertClean(text);
  const back = toPlain(parseYaml(text).documents[0]?.root) as Record<string, unknown>;
  assert.deepEqual(Object.keys(back).slice(0, 6), ['name', 'id', 'status', 'visibility', 'os_distro', 'os_version']);
  assert.equal(back.size, '3145728 (3.0 MiB)');
  assert.equal(back.checksum, 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(back.os_hash_value, 'ab'.repeat(64));
  assert.deepEqual(back.properties, { [HOSTILE]: { nested: [1, true, null] }, hw_disk_bus: 'virtio' }, 'links left out, the rest kept');
});

test('untrusted values are bounded in entries and depth', () => {
  const many = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`k${i}`, i]));
  const bounded = untrustedValue(many) as Record<string, unknown>;
  assert.equal(Object.keys(bounded).length, 201);
  assert.equal(bounded['…'], 'and 50 more entries');
  let deep: unknown = 'bottom';
  for (let i = 0; i < 20; i++) deep = { d: deep };
  assert.ok(JSON.stringify(untrustedValue(deep)).includes('{\\"d\\"'), 'nesting below the limit is a one-line string');
});

test('one confirmation lists every server and its cloud; the servers the action does not fit are left out and named', () => {
  const rows = [
    { where: 'local-a/RegionOne', name: 'web', id: 's1', status: 'ACTIVE' },
    { where: 'local-b/RegionOne', name: 'web', id: 's2', status: 'ACTIVE' },
    { where: 'local-b/RegionOne', name: 'db', id: 's3', status: 'SHUTOFF' },
  ];
  const { fit, skipped } = splitByStatus('stop', rows, (r) => r.status);
  assert.deepEqual(fit.map((r) => r.id), ['s1', 's2']);
  const { message, detail } = powerConfirmation('stop', fit, skipped);
  assert.equal(message, 'Stop 2 servers?');
  assert.equal(detail, [
    '"web" on local-a/RegionOne (ID s1)',
    '"web" on local-b/RegionOne (ID s2)',
    '',
    'Left out (the action does not fit their status): "db" on local-b/RegionOne (SHUTOFF)',
    '',
    'The server is shut down; its disk, addresses and flavor stay (and may still be billed).',
  ].join('\n'));
  assert.equal(powerConfirmation('hardReboot', [rows[0]!]).message, 'Hard reboot server "web" on local-a/RegionOne?');
  assert.equal(powerButton('start'), 'Start');
  const many = Array.from({ length: 20 }, (_, i) => ({ where: 'c/r', name: `n${i}`, id: `i${i}`, status: 'SHUTOFF' }));
  assert.match(powerConfirmation('start', many).detail, /\nand 5 more$/);
});
