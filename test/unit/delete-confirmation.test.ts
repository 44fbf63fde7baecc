// Deleting the same image or server on several clouds: the rows a menu's delete acts on (the
// selection, when the clicked row is in it) and the ONE confirmation that lists them.
import assert from 'node:assert/strict';
import test from 'node:test';
import { deleteConfirmation, rowsToDelete } from '../../extension/ui/actions/deleteConfirmation';

class Row { constructor(readonly id: string) {} }
const isRow = (r: unknown): r is Row => r instanceof Row;

test('rowsToDelete: the selection when the clicked row is in it, else the clicked row; other kinds and repeats left out', () => {
  const [a, b, c] = [new Row('a'), new Row('b'), new Row('c')];
  assert.deepEqual(rowsToDelete(a, [a, b, 'a folder', b], isRow), [a, b]);
  assert.deepEqual(rowsToDelete(c, [a, b], isRow), [c], 'right-click outside the selection acts on that row');
  assert.deepEqual(rowsToDelete(a, { confirmed: true }, isRow), [a], 'automation passes options, not a selection');
  assert.deepEqual(rowsToDelete('folder', undefined, isRow), []);
});

test('one row: the confirmation names its cloud and ID', () => {
  assert.deepEqual(deleteConfirmation('image', [{ where: 'a/RegionOne', name: 'ubuntu', id: 'i1' }]), {
    message: 'Delete image "ubuntu" on a/RegionOne?', detail: 'Servers booted from it keep running. ID i1. This cannot be undone.',
  });
});

test('the same image on three clouds: one confirmation listing each cloud', () => {
  const rows = ['a/RegionOne', 'b/RegionOne', 'c/RegionTwo'].map((where, i) => ({ where, name: 'ubuntu', id: `i${i}` }));
  const { message, detail } = deleteConfirmation('image', rows);
  assert.equal(message, 'Delete image "ubuntu" on 3 clouds?');
  assert.equal(detail, 'a/RegionOne (ID i0)\nb/RegionOne (ID i1)\nc/RegionTwo (ID i2)\n\nServers booted from them keep running. This cannot be undone.');
});

test('different servers: counted in the message, each named with its cloud; a long list is cut with a count', () => {
  const { message, detail } = deleteConfirmation('server', [{ where: 'a', name: 'web', id: '1' }, { where: 'a', name: 'db', id: '2' }]);
  assert.equal(message, 'Delete 2 servers?');
  assert.match(detail, /^"web" on a \(ID 1\)\n"db" on a \(ID 2\)\n\nFloating IPs that OpenStack Clouds created for them are released too\./);
  const many = Array.from({ length: 20 }, (_, i) => ({ where: `c${i}`, name: 'web', id: String(i) }));
  assert.match(deleteConfirmation('server', many).detail, /\(ID 14\)\nand 5 more\n/);
  assert.equal(deleteConfirmation('server', [{ where: 'a', name: 'web', id: '1' }, { where: 'a', name: 'web', id: '2' }]).message, 'Delete 2 servers?', 'two of one name on one cloud');
});
