// The tree holds back a node's change while VS Code fetches that node's children, and until the
// workbench has taken the answer in (explorer/childrenGate.ts says what each broke).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildrenGate } from '../../extension/ui/explorer/childrenGate';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('children gate: a change during a fetch of the node fires once after it; other nodes are not held', async () => {
  const fired: string[] = [];
  const gate = new ChildrenGate<string>((n) => fired.push(n));
  let answer: (rows: string[]) => void = () => undefined;
  const rows = gate.fetch('servers', new Promise<string[]>((r) => { answer = r; }));
  gate.changed('servers');
  gate.changed('servers');
  gate.changed('images');
  assert.deepEqual(fired, ['images'], 'the fetched node waits');
  answer(['web-1']);
  assert.deepEqual(await rows, ['web-1'], 'the answer is passed on unchanged');
  await tick();
  assert.deepEqual(fired, ['images', 'servers'], 'once, after the fetch');
  gate.changed('servers');
  assert.deepEqual(fired.at(-1), 'servers', 'nothing in flight: at once');
});

test('children gate: a change right after an answer (its count, say) waits for the round trip that starts once the answer has left', async () => {
  const fired: string[] = [];
  const barriers: (() => void)[] = [];
  let answerSent = false;
  const gate = new ChildrenGate<string>((n) => fired.push(n), () => {
    assert.ok(answerSent, 'the round trip starts after the answer has left');
    return new Promise<void>((r) => barriers.push(r));
  });
  const rows = gate.fetch('servers', Promise.resolve(['web-1', 'web-2'])) as Promise<string[]>;
  void rows.then(() => { answerSent = true; }); // what the extension host does after its awaits
  await rows;
  gate.changed('servers'); // the count is known now
  await tick();
  assert.deepEqual(fired, [], 'held while the workbench may still be taking the rows in');
  assert.equal(barriers.length, 1, 'one round trip');
  barriers[0]!();
  await tick();
  assert.deepEqual(fired, ['servers'], 'fired once the round trip is back');
});

test('children gate: children given at once are held until taken in too; a failed round trip releases', async () => {
  const fired: string[] = [];
  const gate = new ChildrenGate<string>((n) => fired.push(n), () => Promise.reject(new Error('disposed')));
  assert.deepEqual(gate.fetch('cloud', ['a']), ['a'], 'the answer is passed on unchanged');
  gate.changed('cloud');
  assert.deepEqual(fired, []);
  await tick();
  assert.deepEqual(fired, ['cloud']);
});

test('children gate: a failed fetch releases the change too; two fetches in flight hold it until the last', async () => {
  const fired: string[] = [];
  const gate = new ChildrenGate<string>((n) => fired.push(n));
  const first = gate.fetch('servers', Promise.reject(new Error('503')));
  let answer: (rows: string[]) => void = () => undefined;
  const second = gate.fetch('servers', new Promise<string[]>((r) => { answer = r; }));
  gate.changed('servers');
  await assert.rejects(first, /503/);
  await tick();
  assert.deepEqual(fired, [], 'the second fetch is still in flight');
  answer([]);
  await second;
  await tick();
  assert.deepEqual(fired, ['servers']);
});

test('children gate: answers given in the same tick share one round trip; an answer after it gets its own', async () => {
  const fired: string[] = [];
  const barriers: (() => void)[] = [];
  const gate = new ChildrenGate<string>((n) => fired.push(n), () => new Promise<void>((r) => barriers.push(r)));
  for (const folder of ['images', 'servers', 'flavors']) gate.fetch(folder, [`${folder}-row`]);
  for (const folder of ['images', 'servers', 'flavors']) gate.changed(folder);
  await tick();
  assert.equal(barriers.length, 1, 'three folders answered at once (a refresh): one round trip');
  gate.fetch('networks', ['net-row']); // answered while that round trip is out: it must not count for this one
  gate.changed('networks');
  await tick();
  assert.equal(barriers.length, 2);
  barriers[0]!();
  await tick();
  assert.deepEqual(fired.sort(), ['flavors', 'images', 'servers'], 'the first three, once their round trip is back');
  barriers[1]!();
  await tick();
  assert.deepEqual(fired.at(-1), 'networks');
});
