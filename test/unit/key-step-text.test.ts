// What the boot wizard says about the way in: a placeholder short enough not to be cut off, the
// import offer naming the key pair and the clouds, and the last step's warning without a key.
import assert from 'node:assert/strict';
import test from 'node:test';
import { chooseFileOffer, importHeading, importOffer, keyStepPlaceholder, PLACEHOLDER_MAX, reachabilityNote, shownPath } from '../../extension/ui/actions/keyStepText';

test('the key step placeholder is short; without key pairs it says so and offers the import', () => {
  for (const has of [true, false]) assert.ok(keyStepPlaceholder(has).length <= PLACEHOLDER_MAX, keyStepPlaceholder(has));
  assert.match(keyStepPlaceholder(false), /^No key pair on these clouds: import one\?$/);
  assert.equal(importHeading(false), undefined, 'no separator label to squeeze the first import row');
  assert.equal(importHeading(true), 'Or import');
});

test('an import row names the file, the key pair it becomes and each cloud it goes to', () => {
  const offer = importOffer('/home/me/.ssh/id_ed25519.pub', 'id_ed25519', 'ssh-ed25519', ['a/RegionOne', 'b']);
  assert.equal(offer.label, '$(cloud-upload) Import id_ed25519.pub');
  assert.equal(offer.description, 'as "id_ed25519"');
  assert.match(offer.detail!, /^ssh-ed25519 from .*id_ed25519\.pub to each of the 2 clouds$/);
  assert.match(importOffer('/k/id_rsa.pub', 'id_rsa', 'ssh-rsa', ['a/RegionOne']).detail!, /^ssh-rsa from \/k\/id_rsa\.pub to a\/RegionOne$/);
  assert.match(chooseFileOffer(0).description!, /no ~\/\.ssh\/id_\*\.pub found/);
});

test('the last step: no key pair means no SSH; an imported key says where it came from', () => {
  assert.equal(reachabilityNote(undefined), 'No key pair chosen: the server will not be reachable by SSH.');
  assert.equal(reachabilityNote('mine'), 'Key pair "mine".');
  assert.equal(reachabilityNote('id_rsa', '/home/me/.ssh/id_rsa.pub'.replace('/home/me', '/h')), 'Key pair "id_rsa" (your /h/.ssh/id_rsa.pub, imported where missing).');
  assert.equal(shownPath('/home/me/.ssh/id_rsa.pub', '/home/me'), '~/.ssh/id_rsa.pub');
  assert.equal(shownPath('/home/meself/k.pub', '/home/me'), '/home/meself/k.pub');
});
