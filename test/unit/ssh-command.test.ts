// What "SSH in Terminal" runs and what its terminal says first: the command, ConnectTimeout, and
// what is missing for a login (no key pair, a user guessed from nothing); nothing raw from a cloud.
import assert from 'node:assert/strict';
import test from 'node:test';
import { guessLoginUser } from '../../extension/openstack/compute/loginUser';
import { sshInvocation } from '../../extension/openstack/compute/sshCommand';
import { isLoginName, perCloudValue, sshSettingsFor } from '../../extension/openstack/compute/sshSettings';

test('sshInvocation: ConnectTimeout=10 before user@address, and the terminal shows that command first', () => {
  const { args, notes } = sshInvocation({ ssh: 'ssh', user: 'debian', address: '203.0.113.9', keyName: 'demo-key' });
  assert.deepEqual(args, ['-o', 'ConnectTimeout=10', 'debian@203.0.113.9']);
  assert.deepEqual(notes, ['$ ssh -o ConnectTimeout=10 debian@203.0.113.9']);
});

test('sshInvocation: says that no key pair is known, and that the user is a guess from nothing', () => {
  const { notes } = sshInvocation({ ssh: '/opt/my ssh', user: 'root', address: '2001:db8::5', userGuessedFromNothing: true });
  assert.equal(notes[0], "$ '/opt/my ssh' -o ConnectTimeout=10 root@2001:db8::5");
  assert.match(notes[1], /No key pair is known for this server/);
  assert.match(notes[2], /The user "root" is a guess from nothing/);
});

test('sshInvocation: control characters from a cloud never reach the terminal raw', () => {
  const { notes } = sshInvocation({ ssh: 'ssh', user: 'u', address: '203.0.113.9\u001b]0;pwned\u0007', keyName: 'k' });
  assert.doesNotMatch(notes.join('\n'), /[\u0000-\u001f]/);
  assert.match(notes[0], /\\x1b\]0;pwned\\x07/);
});

test('guessLoginUser: root as the last resort is marked as a guess from nothing', () => {
  assert.equal(guessLoginUser({ os_distro: 'plan9' }).fromNothing, true);
  assert.match(guessLoginUser(undefined).source, /unknown/);
  assert.equal(guessLoginUser({ os_distro: 'debian' }).fromNothing, undefined);
});

test('sshInvocation: -i before user@address when an identity file is known, and no "no key pair" note then', () => {
  const { args, notes } = sshInvocation({ ssh: 'ssh', user: 'ubuntu', address: '203.0.113.9', identityFile: '/home/me/.ssh/my key' });
  assert.deepEqual(args, ['-o', 'ConnectTimeout=10', '-i', '/home/me/.ssh/my key', 'ubuntu@203.0.113.9']);
  assert.deepEqual(notes, ["$ ssh -o ConnectTimeout=10 -i '/home/me/.ssh/my key' ubuntu@203.0.113.9"]);
});

test('ssh settings: a string for every cloud, or cloud name → value with "*" as the fallback; blanks are none', () => {
  assert.equal(perCloudValue('  debian ', 'any'), 'debian');
  const byCloud = { prod: 'ubuntu', lab: '  ', '*': 'cloud-user' };
  assert.equal(perCloudValue(byCloud, 'prod'), 'ubuntu');
  assert.equal(perCloudValue(byCloud, 'lab'), 'cloud-user', 'a blank entry falls back to "*"');
  assert.equal(perCloudValue(byCloud, 'other'), 'cloud-user');
  assert.equal(perCloudValue({ prod: 'ubuntu' }, 'other'), undefined);
  for (const odd of [undefined, null, '', 3, ['ubuntu'], { prod: 3 }]) assert.equal(perCloudValue(odd, 'prod'), undefined, JSON.stringify(odd));
  assert.equal(perCloudValue({}, 'toString'), undefined, 'no inherited keys');
});

test('ssh settings: the user must be a login name (never an ssh option); the identity file is absolute or ~/', () => {
  assert.deepEqual(sshSettingsFor('c', { user: 'ubuntu', identityFile: '~/.ssh/id_lab' }, '/home/me'), { user: 'ubuntu', identityFile: '/home/me/.ssh/id_lab', problems: [] });
  const bad = sshSettingsFor('c', { user: '-oProxyCommand=touch /tmp/x', identityFile: 'keys/id' }, '/home/me');
  assert.equal(bad.user, undefined);
  assert.equal(bad.identityFile, undefined);
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems[0]!, /openstackClouds\.ssh\.user .* is not a user name: ignored/);
  assert.match(bad.problems[1]!, /openstackClouds\.ssh\.identityFile "keys\/id" is not an absolute path/);
  assert.doesNotMatch(sshSettingsFor('c', { user: 'a\u001b[31m' }, '/h').problems[0]!, /[\u0000-\u001f]/, 'nothing raw reaches the terminal');
  assert.deepEqual(sshSettingsFor('c', {}, '/h'), { problems: [] });
  for (const user of ['ubuntu', 'cloud-user', 'core', '_svc', 'machine$']) assert.ok(isLoginName(user), user);
  for (const user of ['-l', '', 'a b', 'root@evil', '1abc']) assert.ok(!isLoginName(user), user);
});
