import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { emitYaml, TaggedString, yamlString } from '../../extension/yaml/emit';
import { seededRandom } from '../support/random';

/** What PyYAML (the reader of Ansible and openstacksdk) makes of a document, as JSON. */
function pyyaml(text: string): unknown {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('yamlString: words stay plain, what PyYAML would read as another type or as syntax is quoted', () => {
  for (const plain of ['local-password', 'm1.tiny', '/work/x/image.qcow2', 'cirros 0.6', '10.0.0.1', 'web-1']) assert.equal(yamlString(plain), plain);
  for (const quoted of ['yes', 'No', 'on', 'null', '~', '1', '1.0', '0x1f', '1_000', '2024-01-02', 'a: b', 'a #b', '- x', '{{ item }}', '', ' lead', 'trail ', '*ref', '!tag', "it's", '.inf']) {
    assert.match(yamlString(quoted), /^"/, quoted);
  }
});

test('emitYaml: random strings, keys and nesting read back exactly with PyYAML', () => {
  const rnd = seededRandom(14);
  const alphabet = ['a', 'Z', '0', '9', ' ', ':', '#', '-', '{', '}', '[', ',', '"', "'", '\\', '\n', '\t', '\u0001', '\u007f', '\u0085', '\u2028', 'é', '😀', '.', '/', '!', '&', '*', '|', '>', '%', '@', '`', '?', 'y', 'n'];
  const str = () => Array.from({ length: rnd.int(8) }, () => rnd.pick(alphabet)).join('');
  const value = (depth: number): unknown => {
    const k = rnd.int(depth > 2 ? 5 : 7);
    if (k < 3) return str();
    if (k === 3) return rnd.pick([0, 7, -3, 2.5, true, false, null]);
    if (k === 4) return rnd.pick(['yes', 'off', 'NULL', '012', '1e3', '2001-12-14', '12:30', '+1']);
    if (k === 5) return Array.from({ length: rnd.int(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: rnd.int(4) }, () => [str(), value(depth + 1)]));
  };
  const doc = Array.from({ length: 200 }, () => value(0));
  const text = emitYaml(doc as never, ['a comment\nsecond line with a \u0007 bell']);
  assert.deepEqual(pyyaml(text), doc);
});

test('emitYaml: block layout of mappings in sequences, empty collections, tags', () => {
  const text = emitYaml([{ name: 'x', vars: { list: ['a', { 'net-name': 'b' }], empty: [], none: {} }, msg: new TaggedString('!unsafe', '{{ x }}') }], ['head']);
  assert.equal(text, [
    '# head',
    '- name: x',
    '  vars:',
    '    list:',
    '      - a',
    '      - net-name: b',
    '    empty: []',
    '    none: {}',
    '  msg: !unsafe "{{ x }}"',
    '',
  ].join('\n'));
});
