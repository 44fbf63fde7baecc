import { assertWithin, timed } from '../support/timing';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, toPlain, nodeAt, keyNodeAt, mapEntries, deref, resolvePlainScalar, ExpansionLimitError } from '../../extension/yaml/positionedYaml';

const slice = (text: string, node: { start: number; end: number } | undefined) => (node ? text.slice(node.start, node.end) : undefined);

test('keys and values carry their exact source ranges', () => {
  const text = 'clouds:\n  one:\n    auth: {url: "http://x", user: \'me\'}\n    list: [1, 2]\n    note: |\n      hello\n';
  const doc = parseYaml(text);
  const root = doc.documents[0]!.root;
  assert.equal(slice(text, nodeAt(root, ['clouds', 'one', 'auth', 'url'])), '"http://x"');
  assert.equal(slice(text, nodeAt(root, ['clouds', 'one', 'auth', 'user'])), "'me'");
  assert.equal(slice(text, nodeAt(root, ['clouds', 'one', 'auth'])), '{url: "http://x", user: \'me\'}');
  assert.equal(slice(text, nodeAt(root, ['clouds', 'one', 'list'])), '[1, 2]');
  assert.equal(slice(text, keyNodeAt(root, ['clouds', 'one'])), 'one');
  assert.equal(slice(text, nodeAt(root, ['clouds', 'one', 'note'])), '      hello');
  assert.deepEqual(doc.lines.position(nodeAt(root, ['clouds', 'one', 'list', 1])!.start), { line: 3, character: 14 });
});

test('scalars resolve as PyYAML safe_load does (YAML 1.1)', () => {
  assert.equal(resolvePlainScalar('yes'), true);
  assert.equal(resolvePlainScalar('Off'), false);
  assert.equal(resolvePlainScalar('y'), 'y');
  assert.equal(resolvePlainScalar('010'), 8);
  assert.equal(resolvePlainScalar('3'), 3);
  assert.equal(resolvePlainScalar('1.5'), 1.5);
  assert.equal(resolvePlainScalar('~'), null);
  assert.equal(resolvePlainScalar('RegionOne'), 'RegionOne');
  const doc = parseYaml('a: "yes"\nb: yes\nc: !vault |\n  $ANSIBLE_VAULT;1.1\nd: !unsafe "{{ x }}"\ne:\n');
  assert.deepEqual(toPlain(doc.documents[0]!.root), { a: 'yes', b: true, c: '$ANSIBLE_VAULT;1.1\n', d: '{{ x }}', e: null });
});

test('anchors, aliases and merge keys expand like a YAML 1.1 loader', () => {
  const text = 'base: &base {a: 1, b: 2}\nother: &o {c: 3}\nchild:\n  <<: [*base, *o]\n  b: 20\nref: *base\n';
  const doc = parseYaml(text);
  const root = doc.documents[0]!.root;
  assert.deepEqual(toPlain(root), { base: { a: 1, b: 2 }, other: { c: 3 }, child: { a: 1, b: 20, c: 3 }, ref: { a: 1, b: 2 } });
  const child = deref(nodeAt(root, ['child']));
  assert.equal(child?.kind, 'map');
  const entries = mapEntries(child as never);
  assert.deepEqual(entries.map((e) => [e.key, e.merged]), [['c', true], ['a', true], ['b', false]]);
  // PyYAML's order: later maps of a merge list first, then earlier ones, then explicit keys.
  // A merged value points back at where it is written.
  assert.equal(slice(text, nodeAt(root, ['child', 'a'])), '1');
  assert.equal(doc.lines.position(nodeAt(root, ['child', 'a'])!.start).line, 0);
});

test('several documents, duplicate keys and unknown aliases are reported, not thrown', () => {
  const doc = parseYaml('a: 1\na: 2\nb: *missing\n---\n- x\n');
  assert.equal(doc.documents.length, 2);
  assert.equal(doc.duplicateKeys.length, 1);
  assert.equal(doc.duplicateKeys[0]!.key, 'a');
  assert.equal(doc.lines.position(doc.duplicateKeys[0]!.duplicate.start).line, 1);
  assert.equal(doc.unknownAliases.length, 1);
  assert.deepEqual(toPlain(doc.documents[1]!.root), ['x']);
});

test('a syntax error gives a located message instead of an exception', () => {
  const doc = parseYaml('clouds:\n  a: [1, 2\n  b: c\n');
  assert.ok(doc.error);
  assert.match(doc.error.message, /./);
  assert.ok(doc.error.range.start.line >= 1);
  assert.equal(doc.documents.length, 0);
});

test('an alias bomb stops at the expansion budget quickly', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
  const timing = timed(() => {
    const doc = parseYaml(lines.join('\n'));
    assert.throws(() => toPlain(doc.documents[0]!.root), ExpansionLimitError);
  });
  assertWithin(timing, 1000, 'alias bomb');
});

test('empty values sit right after their key', () => {
  const text = 'a:\nb: 1\n';
  const doc = parseYaml(text);
  const empty = nodeAt(doc.documents[0]!.root, ['a'])!;
  assert.equal(empty.kind, 'scalar');
  assert.equal(doc.lines.position(empty.start).line, 0);
});

test('an implicit single-pair mapping in a flow sequence ends at its value, not at a later brace', () => {
  const text = 'loop: [one: 1, two]\nother: "{{ x }}"\n';
  const doc = parseYaml(text);
  const pair = nodeAt(doc.documents[0]!.root, ['loop', 0]);
  assert.equal(pair?.kind, 'map');
  assert.equal(text.slice(pair!.start, pair!.end), 'one: 1');
  assert.equal(text.slice(nodeAt(doc.documents[0]!.root, ['loop'])!.start, nodeAt(doc.documents[0]!.root, ['loop'])!.end), '[one: 1, two]');
});

test('a mapping that merges itself (directly or in a cycle) is expanded once, quickly', () => {
  const text = 'a: &a\n  x: 1\n  <<: *a\n  <<: *a\nb: &b\n  y: 2\n  c: &c\n    <<: *b\n';
  const started = performance.now();
  const doc = parseYaml(text);
  assert.deepEqual(Object.keys(toPlain(nodeAt(doc.documents[0]!.root, ['a'])) as object), ['x']);
  assert.ok(performance.now() - started < 100);
});

test('a __proto__ key is left out of the plain value instead of replacing its prototype', () => {
  const plain = toPlain(parseYaml('__proto__: {polluted: 1}\na: 1\n').documents[0]!.root) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(plain), Object.prototype);
  assert.equal(plain.polluted, undefined);
  assert.deepEqual(Object.keys(plain), ['a']);
});
