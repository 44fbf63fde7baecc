// What the explorer says: row descriptions, the address Copy IP and SSH use, the choices a
// multi-cloud picker offers, the progress line of an upload and the summary of an action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flavorDescription, floatingIpDescription, imageDescription, networkDescription, reachableAddress, serverDescription } from '../../extension/ui/explorer/describe';
import { commonChoices } from '../../extension/ui/actions/commonChoices';
import { rowOutcome, summarize, uploadNotice, UploadProgressBoard } from '../../extension/ui/actions/outcomes';
import { OpenStackError, fleetOf } from '../../extension/openstack/index';

test('row descriptions: status only when it is news, sizes, vCPUs, IPs', () => {
  assert.equal(imageDescription({ id: 'i', name: 'n', status: 'active', disk_format: 'qcow2', size: 1363968 }), 'qcow2 · 1.3 MiB');
  assert.equal(imageDescription({ id: 'i', name: 'n', status: 'queued', visibility: 'public' }), 'queued · public');
  assert.equal(flavorDescription({ id: '1', name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 }), '1 vCPU · 512 MiB · 1 GB disk');
  assert.equal(flavorDescription({ id: '2', name: 'm1.large', vcpus: 4, ram: 8192, disk: 80 }), '4 vCPUs · 8 GiB · 80 GB disk');
  assert.equal(networkDescription({ id: 'n', name: 'public', 'router:external': true, status: 'ACTIVE' }), 'external');
  assert.equal(floatingIpDescription({ id: 'f', floating_ip_address: '203.0.113.5', floating_network_id: 'n', port_id: 'p', fixed_ip_address: '10.0.0.4' }), '→ 10.0.0.4');
  assert.equal(floatingIpDescription({ id: 'f', floating_ip_address: '203.0.113.5', floating_network_id: 'n', port_id: null }), 'not attached');
  assert.equal(serverDescription({ id: 's', name: 'a', status: 'ACTIVE', publicV4: '203.0.113.5', privateV4: '10.0.0.4' }), 'ACTIVE · 203.0.113.5');
  assert.equal(serverDescription({ id: 's', name: 'a', status: 'BUILD', privateV4: '10.0.0.4' }), 'BUILD · private 10.0.0.4');
  assert.equal(serverDescription({ id: 's', name: 'web-2', status: 'ACTIVE', publicV4: '203.0.113.6' }, 'web'), 'ACTIVE · 203.0.113.6 · fleet web', 'a fleet member says which fleet');
});

test("a server's fleet comes from its metadata tag, and only a non-empty string from the cloud counts", () => {
  assert.equal(fleetOf({ metadata: { 'openstack-clouds-fleet': 'web' } }), 'web');
  for (const metadata of [undefined, {}, { 'openstack-clouds-fleet': '' }, { 'openstack-clouds-fleet': { nested: 'web' } }, { 'openstack-clouds-fleet': 7 }]) {
    assert.equal(fleetOf({ metadata }), undefined, JSON.stringify(metadata));
  }
});

test('Copy IP: the public IPv4, else the public IPv6, never a private address', () => {
  assert.deepEqual(reachableAddress({ publicV4: '203.0.113.5', publicV6: '2001:db8::5' }), { address: '203.0.113.5', version: 4 });
  assert.deepEqual(reachableAddress({ publicV6: '2001:db8::5' }), { address: '2001:db8::5', version: 6 });
  assert.equal(reachableAddress({}), undefined);
});

test('multi-cloud choices: names on every cloud first (in the given order), then the others with where they lack', () => {
  const flavors = (...names: [string, number][]) => names.map(([name, ram]) => ({ name, ram }));
  const choices = commonChoices([
    { target: 'a', items: flavors(['m1.small', 2048], ['m1.tiny', 512], ['big', 9999]) },
    { target: 'b/RegionTwo', items: flavors(['m1.tiny', 512], ['m1.small', 2048]) },
  ], (f) => f.name, (x, y) => x.ram - y.ram);
  assert.deepEqual(choices.map((c) => [c.name, c.missingOn]), [['m1.tiny', []], ['m1.small', []], ['big', ['b/RegionTwo']]]);
});

test('summaries: "3 of 3 clouds: image active", "1 of 3 clouds failed (why)"', () => {
  const ok = { value: 1 };
  assert.deepEqual(summarize('Upload of x', [{ target: 'a', ...ok }, { target: 'b', ...ok }, { target: 'c', ...ok }], 'image active'),
    { message: 'Upload of x: 3 of 3 clouds: image active', failed: [], severity: 'info' });
  const mixed = summarize('Upload of x', [{ target: 'a', ...ok }, { target: 'b/R2', error: new Error('b/R2: image request failed: HTTP 413') }, { target: 'c', ...ok }], 'image active');
  assert.deepEqual(mixed, { message: 'Upload of x: 1 of 3 clouds failed (b/R2: image request failed: HTTP 413)', failed: ['b/R2'], severity: 'warning' });
  assert.equal(summarize('Boot of y', [{ target: 'a', error: new Error('no') }], 'ACTIVE').severity, 'error');
  const cancel = new OpenStackError('upload cancelled', { cloud: 'b', kind: 'cancelled' });
  assert.deepEqual(summarize('Upload of x', [{ target: 'a', ...ok }, { target: 'b', error: cancel }], 'image active'),
    { message: 'Upload of x: cancelled (1 of 2 clouds finished first: image active); nothing half-made was left behind', failed: ['b'], severity: 'info' });
  const ok1 = (v: string) => ({ state: 'ok' as const, text: 'active', cells: [{ label: 'ID', value: v }] });
  assert.deepEqual(rowOutcome({ target: 'a', value: 'x1' }, ok1), { state: 'ok', text: 'active', cells: [{ label: 'ID', value: 'x1' }] });
  assert.deepEqual(rowOutcome({ target: 'b/R2', error: new Error('b/R2: image request failed: HTTP 413') }, ok1), { state: 'failed', text: 'image request failed: HTTP 413' });
  assert.deepEqual(rowOutcome({ target: 'b', error: cancel }, ok1).state, 'cancelled');
});

test('upload progress of several targets: one line and one percentage', () => {
  const board = new UploadProgressBoard(['a', 'b/R2']);
  assert.equal(board.message(), 'a waiting · b/R2 waiting');
  board.update({ target: 'a', phase: 'uploading', bytes: 50, total: 100, rate: 0 });
  board.update({ target: 'b/R2', phase: 'hashing', bytes: 0, total: 100, rate: 0 });
  assert.equal(board.message(), 'a 50% · b/R2 hashing');
  assert.deepEqual([board.line('a'), board.line('b/R2'), board.line('c')], [{ text: '50%', percent: 50 }, { text: 'hashing' }, { text: 'waiting' }]);
  assert.equal(board.percent(), 24);
  board.update({ target: 'a', phase: 'done', bytes: 100, total: 100, rate: 0 });
  board.update({ target: 'b/R2', phase: 'failed', bytes: 0, total: 100, rate: 0 });
  assert.equal(board.percent(), 100);
});

test('upload notice: none when all succeeded; "2/3 succeeded" with Retry Failed, Show Log, Show Results; a cancel stays quiet', () => {
  const ok = (target: string) => ({ target, value: {} });
  const failed = (target: string, message: string) => ({ target, error: new Error(`${target}: ${message}`) });
  const notice = (outcomes: Parameters<typeof summarize>[1]) => uploadNotice('Upload of x', outcomes, summarize('Upload of x', outcomes, 'image active'));
  assert.equal(notice([ok('a'), ok('b')]), undefined, 'routine success: no toast');
  assert.deepEqual(notice([ok('a'), failed('b', 'HTTP 413 too large'), ok('c')]), {
    message: 'Upload of x: 2/3 succeeded · failed: b: HTTP 413 too large', severity: 'warning', buttons: ['Retry Failed', 'Show Log', 'Show Results'],
  });
  assert.deepEqual(notice([failed('a', 'HTTP 401'), failed('b', 'HTTP 500')]), {
    message: 'Upload of x: 0/2 succeeded · failed: a: HTTP 401; also b', severity: 'error', buttons: ['Retry Failed', 'Show Log', 'Show Results'],
  });
  const quiet = notice([ok('a'), { target: 'b', error: new OpenStackError('upload cancelled', { cloud: 'b', kind: 'cancelled' }) }]);
  assert.equal(quiet?.severity, 'info');
  assert.deepEqual(quiet?.buttons, ['Show Results']);
  assert.equal(notice([ok('a'), failed('b', 'see [here](command:evil)')])!.message, 'Upload of x: 1/2 succeeded · failed: b: see [here] (command:evil)', 'no link from a cloud\'s text');
});
