import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml, type ParsedYaml, type YamlNode } from '../../extension/yaml/positionedYaml';
import { reparseYaml, commonEnds, foldChange } from '../../extension/yaml/incrementalYaml';
import { seededRandom } from '../support/random';

/** Every node with its kind, range and value: two parses are the same when these are equal. */
function snapshot(parsed: ParsedYaml): unknown {
  const node = (n: YamlNode | null): unknown => {
    if (!n) return null;
    const base = [n.kind, n.start, n.end, n.anchor ?? '', n.tag ?? ''];
    switch (n.kind) {
      case 'scalar':
        return [...base, n.value, n.style];
      case 'alias':
        return [...base, n.name, n.target?.start ?? -1];
      case 'seq':
        return [...base, n.flow, n.items.map(node)];
      case 'map':
        return [...base, n.flow, n.pairs.map((p) => [node(p.key), node(p.value)])];
    }
  };
  return {
    error: parsed.error?.message,
    documents: parsed.documents.map((d) => node(d.root)),
    duplicates: parsed.duplicateKeys.map((d) => [d.key, d.first.start, d.duplicate.start]).sort(),
    aliases: parsed.unknownAliases.map((a) => a.start),
    lines: parsed.lines.lineCount,
  };
}

const PLAYBOOK = `---
- name: Images everywhere
  hosts: localhost
  tasks:
    - name: Upload
      openstack.cloud.image:
        cloud: "{{ item }}"
        name: ubuntu
        filename: ubuntu.qcow2
      loop: [one, two]

    - name: Boot
      openstack.cloud.server:
        cloud: one
        name: web
        image: ubuntu
        flavor: m1.small
      # a comment
    - block:
        - debug: msg=hi
        - openstack.cloud.network:
            name: net
            name: dup
      rescue:
        - debug:
            msg: |
              failed
- hosts: all
  tasks:
    - ping:
`;

test('a one-line edit inside a task re-parses only that task and gives the full parse', () => {
  const before = parseYaml(PLAYBOOK);
  const edited = PLAYBOOK.replace('flavor: m1.small', 'flavor: m1.large\n        key_name: mine');
  const r = reparseYaml(before, edited);
  assert.equal(r.mode, 'incremental');
  assert.deepEqual(snapshot(r.parsed), snapshot(parseYaml(edited)));
  assert.ok(r.changedAncestors && r.changedAncestors.length >= 2);
});

test('edits that change structure fall back to a full parse with the same result', () => {
  const cases = [
    PLAYBOOK.replace('    - name: Boot', '- name: Boot'), // dedent: a new play
    PLAYBOOK.replace('        name: ubuntu', '        name: &anchor ubuntu'),
    PLAYBOOK.replace('filename: ubuntu.qcow2', 'filename: "ubuntu.qcow2'), // syntax error
    PLAYBOOK.replace('      loop: [one, two]\n', ''),
    PLAYBOOK + '- hosts: x\n',
  ];
  for (const edited of cases) {
    const r = reparseYaml(parseYaml(PLAYBOOK), edited);
    assert.deepEqual(snapshot(r.parsed), snapshot(parseYaml(edited)), edited);
  }
});

test('commonEnds never lets prefix and suffix overlap', () => {
  assert.deepEqual(commonEnds('aaa', 'aaaa'), { prefix: 3, suffix: 0 });
  assert.deepEqual(commonEnds('abcabc', 'abc'), { prefix: 3, suffix: 0 });
  assert.deepEqual(commonEnds('x-y', 'x--y'), { prefix: 2, suffix: 1 });
});

test('random edits: the incremental result always equals a full parse (2,000 edits)', () => {
  const random = seededRandom(42);
  const alphabet = ['a', ' ', '\n', '-', ':', '"', '{', '}', '#', '  ', 'x: 1', '\n    - y', '&a ', '*a'];
  let text = PLAYBOOK;
  let parsed = parseYaml(text);
  let incremental = 0;
  for (let i = 0; i < 2000; i++) {
    const at = random.int(text.length + 1);
    const del = random.int(4) === 0 ? random.int(6) : 0;
    const edited = text.slice(0, at) + (random.int(3) === 0 ? '' : random.pick(alphabet)) + text.slice(at + del);
    const r = reparseYaml(parsed, edited);
    if (r.mode === 'incremental') incremental++;
    if (process.env.DEBUG_EDIT && JSON.stringify(snapshot(r.parsed)) !== JSON.stringify(snapshot(parseYaml(edited)))) console.log(JSON.stringify(text.slice(at - 40)), JSON.stringify(edited.slice(at - 40)), JSON.stringify(snapshot(r.parsed)), JSON.stringify(snapshot(parseYaml(edited))));
    assert.deepEqual(snapshot(r.parsed), snapshot(parseYaml(edited)), `edit ${i} at ${at}`);
    // Keep the text near valid: start again from the original now and then.
    if (r.parsed.error || random.int(20) === 0) {
      text = PLAYBOOK;
      parsed = parseYaml(text);
    } else {
      text = edited;
      parsed = r.parsed;
    }
  }
  assert.ok(incremental > 200, `only ${incremental} of 2000 edits were incremental`);
});

test('change events folded into unchanged ends give the same parse as comparing the texts', () => {
  const random = seededRandom(7);
  let text = PLAYBOOK;
  let parsed = parseYaml(text);
  for (let round = 0; round < 300; round++) {
    // Several editor changes between two analyses, each in the coordinates of the text before it.
    let ends = { prefix: Number.MAX_SAFE_INTEGER, suffix: Number.MAX_SAFE_INTEGER };
    let current = text;
    for (let k = 1 + random.int(3); k > 0; k--) {
      const offset = random.int(current.length + 1);
      const length = Math.min(random.int(3), current.length - offset);
      const insert = random.pick(['', 'x', ' ', '\n      ', 'y: 2']);
      ends = foldChange(ends, current.length, { offset, length, newLength: insert.length });
      current = current.slice(0, offset) + insert + current.slice(offset + length);
    }
    const r = reparseYaml(parsed, current, ends);
    assert.deepEqual(snapshot(r.parsed), snapshot(parseYaml(current)), `round ${round}`);
    if (r.parsed.error || random.int(10) === 0) {
      text = PLAYBOOK;
      parsed = parseYaml(text);
    } else {
      text = current;
      parsed = r.parsed;
    }
  }
});
