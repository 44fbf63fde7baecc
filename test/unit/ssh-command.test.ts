// What "SSH in Terminal" runs and what its terminal says first: the command, ConnectTimeout, and
// what is missing for a login (no key pair, a user guessed from nothing); nothing raw from a cloud.
import assert from 'node:assert/strict';
import test from 'node:test';
import { guessLoginUser } from '../../extension/openstack/compute/loginUser';
import { sshInvocation } from '../../extension/openstack/compute/sshCommand';

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
