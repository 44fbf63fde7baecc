import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completePlaybook, hoverPlaybook, type FeatureContext } from '../../../extension/language/editorFeatures';

const ctx: FeatureContext = { fileKind: 'playbook', cloudNames: ['vexxhost', 'devstack'] };

/** Completes at the `|` marker. */
function complete(textWithCursor: string, context = ctx) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  return completePlaybook(text, offset, context);
}

test('module options: required first, options already given left out, aliases not offered', () => {
  const items = complete('- hosts: localhost\n  tasks:\n    - name: Boot\n      openstack.cloud.image:\n        filename: x.img\n        |\n');
  const labels = items.map((i) => i.label);
  assert.ok(items.length > 10);
  assert.equal([...items].sort((a, b) => a.sortText.localeCompare(b.sortText))[0]!.label, 'name');
  assert.ok(!labels.includes('filename'));
  assert.ok(!labels.includes('protected'), 'aliases are not offered');
  assert.ok(labels.includes('cloud') && labels.includes('disk_format'));
  assert.equal(items.find((i) => i.label === 'name')!.detail, 'required str');
});

test('module names at the task level, with a snippet of the required options; keywords too', () => {
  const items = complete('- hosts: localhost\n  tasks:\n    - name: Boot\n      openstack.cloud.ser|\n');
  const server = items.find((i) => i.label === 'openstack.cloud.server');
  assert.ok(server);
  assert.equal(server.insertText, 'openstack.cloud.server:\n  name: ${1}');
  assert.ok(items.some((i) => i.label === 'register' && i.kind === 'keyword'));
  assert.ok(!items.some((i) => i.label === 'name'), 'keys already present are not offered');
  // With a module present, only keywords.
  const more = complete('- hosts: localhost\n  tasks:\n    - openstack.cloud.server_info:\n        cloud: a\n      |\n');
  assert.ok(more.length > 10 && more.every((i) => i.kind === 'keyword'));
});

test('values: choices, booleans and cloud names', () => {
  const head = '- hosts: localhost\n  tasks:\n    - openstack.cloud.image:\n';
  assert.deepEqual(complete(`${head}        state: |\n`).map((i) => i.label), ['absent', 'present', 'inactive']);
  assert.deepEqual(complete(`${head}        is_public: |\n`).map((i) => i.label), ['true', 'false']);
  assert.deepEqual(complete(`${head}        cloud: "|"\n`).map((i) => i.label), ['vexxhost', 'devstack']);
  assert.deepEqual(complete(`${head}        name: x\n      loop:\n        - |\n`).map((i) => i.label), ['vexxhost', 'devstack']);
});

test('play keywords at the play level; task files complete tasks at the root', () => {
  assert.ok(complete('- hosts: localhost\n  gat|\n').some((i) => i.label === 'gather_facts'));
  const tasks = complete('- name: x\n  |\n', { fileKind: 'tasks', cloudNames: [] });
  assert.ok(tasks.some((i) => i.label === 'openstack.cloud.keypair'));
});

test('hover: module, option (and alias), keyword', () => {
  const text = '- hosts: localhost\n  tasks:\n    - os_image:\n        protected: true\n      register: out\n';
  const at = (word: string) => hoverPlaybook(text, text.indexOf(word) + 1, ctx);
  assert.match(at('os_image')!.markdown, /\*\*openstack\.cloud\.image\*\*[\s\S]*Documentation/);
  assert.match(at('protected')!.markdown, /\*\*is_protected\*\*: type `bool`[\s\S]*alias of `is_protected`/);
  assert.match(at('register')!.markdown, /Ansible keyword/);
  assert.equal(hoverPlaybook(text, text.indexOf('true') + 1, ctx), undefined);
});
