// Importing the user's public key as a key pair on the real local OpenStack (Nova os-keypairs):
// imported once under the file's name, reused (under whatever name) when the cloud has it, and
// another key under the same name is refused, never replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureKeyPair } from '../../extension/openstack/compute/keyPairs';
import { deleteKeypair, listKeypairs } from '../../extension/openstack/services/compute';
import { session, uniqueName } from '../support/cloudSessions';
import { ed25519PublicKeyLine } from '../support/sshKeys';

test('ensureKeyPair: imports, then reuses the same key, and refuses another key under its name', async () => {
  const s = await session('local-password');
  const name = uniqueName('kp');
  const key = ed25519PublicKeyLine('me@laptop');
  try {
    assert.deepEqual(await ensureKeyPair(s, name, key), { name, imported: true });
    assert.equal((await listKeypairs(s)).find((k) => k.name === name)?.public_key?.split(' ')[1], key.split(' ')[1]);
    assert.deepEqual(await ensureKeyPair(s, `${name}-again`, key.replace('me@laptop', 'another comment')), { name, imported: false }, 'the same key is reused under its name');
    await assert.rejects(ensureKeyPair(s, name, ed25519PublicKeyLine()), new RegExp(`local-password/RegionOne: a different key pair named '${name}' exists`));
    assert.ok(!(await listKeypairs(s)).some((k) => k.name === `${name}-again`));
  } finally {
    await deleteKeypair(s, name);
    await s.close();
  }
});
