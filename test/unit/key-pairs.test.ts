// A way in for a booted server: which public keys are offered (~/.ssh/id_*.pub, bounded, never a
// private key), the key pair name each gets, and what a malformed file is told.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { findPublicKeys, keyPairNameFor, MAX_PUBLIC_KEY_BYTES, parsePublicKey, readPublicKey } from '../../extension/openstack/compute/keyPairs';
import { ed25519PublicKeyLine } from '../support/sshKeys';

function sshDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-ssh-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test('parsePublicKey: one OpenSSH line is a key; a private key, several lines or junk are refused without being quoted', () => {
  const line = ed25519PublicKeyLine('me@laptop');
  assert.deepEqual(parsePublicKey(`${line}\n`), { line, type: 'ssh-ed25519' });
  assert.equal((parsePublicKey('ecdsa-sha2-nistp256 AAAAE2VjZHNh x') as { type: string }).type, 'ecdsa-sha2-nistp256');
  const secret = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
  const refused = parsePublicKey(secret) as { problem: string };
  assert.match(refused.problem, /private key; choose the \.pub file/);
  assert.doesNotMatch(refused.problem, /b3Blbn/);
  assert.match((parsePublicKey(`${line}\n${line}\n`) as { problem: string }).problem, /more than one line/);
  assert.match((parsePublicKey('') as { problem: string }).problem, /empty/);
  assert.match((parsePublicKey('hello world') as { problem: string }).problem, /not an OpenSSH public key/);
  assert.match((parsePublicKey('ssh-rsa') as { problem: string }).problem, /no base64 key data/);
});

test('keyPairNameFor: the file name without .pub, in the characters Nova allows', () => {
  assert.equal(keyPairNameFor('/home/me/.ssh/id_ed25519.pub'), 'id_ed25519');
  assert.equal(keyPairNameFor('/tmp/my work key.pub'), 'my-work-key');
  assert.equal(keyPairNameFor('/tmp/.pub'), 'ssh-key');
});

test('findPublicKeys: the id_*.pub files that are public keys, by name; others are not offered', async () => {
  const ed = ed25519PublicKeyLine();
  const dir = sshDir({
    'id_rsa.pub': 'ssh-rsa AAAAB3NzaC1yc2E me', 'id_ed25519.pub': ed, id_ed25519: '-----BEGIN OPENSSH PRIVATE KEY-----\n',
    'id_broken.pub': 'not a key', 'other.pub': ed, known_hosts: 'x',
  });
  const keys = await findPublicKeys(dir);
  assert.deepEqual(keys.map((k) => [path.basename(k.file), k.keyPairName, k.type]), [['id_ed25519.pub', 'id_ed25519', 'ssh-ed25519'], ['id_rsa.pub', 'id_rsa', 'ssh-rsa']]);
  assert.equal(keys[0]!.line, ed);
  assert.deepEqual(await findPublicKeys(path.join(dir, 'missing')), [], 'no ~/.ssh: nothing offered');
});

test('readPublicKey: a chosen file that is too large or not a public key is an error naming the file', async () => {
  const dir = sshDir({ 'big.pub': 'x'.repeat(MAX_PUBLIC_KEY_BYTES + 1), id_rsa: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n' });
  await assert.rejects(readPublicKey(path.join(dir, 'big.pub')), /big\.pub: \d+ bytes is too large/);
  await assert.rejects(readPublicKey('/dev/zero'), /\/dev\/zero: not a regular file/);
  await assert.rejects(readPublicKey(path.join(dir, 'id_rsa')), (e: Error) => e.message.includes('id_rsa: this is a private key') && !e.message.includes('MIIE'));
});
