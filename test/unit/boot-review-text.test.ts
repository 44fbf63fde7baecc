// What the boot wizard's review says per cloud before anything is created: names NAME-1..N for a
// count above one, each choice with a warning where the cloud lacks it, and whether (and how)
// the servers get on the internet: provider IPv4, an existing floating IP, a new one, or not.
import assert from 'node:assert/strict';
import test from 'node:test';
import { bootTotal, internetText, parseCount, reviewRows, serverNames, type BootChoice, type CloudFacts } from '../../extension/ui/actions/bootReviewText';

const facts = (over: Partial<CloudFacts> = {}): CloudFacts => ({
  target: 'a/RegionOne', images: ['cirros'], flavors: ['m1.tiny'], keypairs: ['me'], floatingIps: [], floatingIpSource: true,
  networks: [{ id: 'n1', name: 'private' }, { id: 'n2', name: 'public', 'router:external': true }], ...over,
});
const choice = (over: Partial<BootChoice> = {}): BootChoice => ({
  names: ['web'], image: 'cirros', flavor: 'm1.tiny', keyName: 'me', securityGroups: [], autoIp: true, ...over,
});
const row = (rows: { label: string; value: string; warning?: boolean }[], label: string) => rows.find((r) => r.label === label);

test('one server keeps its name; more are NAME-1..NAME-N', () => {
  assert.deepEqual(serverNames('web', 1), ['web']);
  assert.deepEqual(serverNames('web', 3), ['web-1', 'web-2', 'web-3']);
});

test('"Boot" says how many servers on how many clouds', () => {
  assert.equal(bootTotal(1, 1), '1 server on 1 cloud');
  assert.equal(bootTotal(2, 3), '6 servers on 3 clouds');
});

test('the count is a whole number from 1 to 100, else the reason', () => {
  assert.equal(parseCount(' 2 '), 2);
  for (const bad of ['0', '-1', '1.5', 'x', '', '101']) assert.equal(typeof parseCount(bad), 'string', bad);
});

test('the review lists every choice per cloud, warning where the cloud lacks one', () => {
  const rows = reviewRows(choice({ names: serverNames('web', 5), network: 'private', securityGroups: ['default', 'ssh'] }), facts());
  assert.deepEqual(rows.map((r) => r.label), ['Servers', 'Image', 'Flavor', 'Network', 'Key pair', 'Security groups', 'On the internet']);
  assert.equal(row(rows, 'Servers')!.value, 'web-1 … web-5 (5)');
  assert.equal(row(rows, 'Security groups')!.value, 'default, ssh');
  assert.ok(rows.every((r) => !r.warning), JSON.stringify(rows));
  const lacking = reviewRows(choice({ image: 'ubuntu', flavor: 'big', network: 'other', keyName: 'you' }), facts());
  for (const label of ['Image', 'Flavor', 'Network', 'Key pair']) assert.equal(row(lacking, label)!.warning, true, label);
  assert.equal(row(lacking, 'Security groups')!.value, 'default');
  assert.match(row(reviewRows(choice({ keyName: undefined }), facts()), 'Key pair')!.value, /not reachable by SSH/);
  assert.match(row(reviewRows(choice({ keyName: 'id_ed25519', importFile: '~/.ssh/id_ed25519.pub' }), facts()), 'Key pair')!.value, /imported from ~\/\.ssh\/id_ed25519\.pub/);
  assert.equal(row(reviewRows(choice({ userDataFrom: 'cloud-init.yaml' }), facts()), 'User data')!.value, 'cloud-init.yaml');
});

test('on the internet: provider IPv4, existing or new floating IPs, or not and why', () => {
  assert.equal(internetText(choice({ network: 'public' }), facts()).value, 'yes: provider IPv4 on public');
  assert.equal(internetText(choice(), facts()).value, 'yes: new floating IP');
  const free = facts({ floatingIps: [{ floating_ip_address: '203.0.113.7', port_id: null }, { floating_ip_address: '203.0.113.8', port_id: 'p' }] });
  assert.equal(internetText(choice(), free).value, 'yes: existing floating IP 203.0.113.7');
  assert.equal(internetText(choice({ names: serverNames('w', 3) }), free).value, 'yes: 1 existing floating IP, 2 new');
  assert.equal(internetText(choice({ autoIp: false }), facts()).value, 'no: private addresses only');
  assert.deepEqual(internetText(choice(), facts({ floatingIpSource: false })), { value: 'no: this cloud has floating_ip_source: None', warning: true });
});
