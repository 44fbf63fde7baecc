// One rule at a time, on small playbooks: what is flagged, where, and with which fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { problemFixes } from '../../../extension/language/findings';
import { findJinjaImbalance } from '../../../extension/language/jinja';
import { didYouMean } from '../../../extension/yaml/didYouMean';

function check(text: string, cloudNames?: string[]) {
  const service = new LanguageService({ cloudNames: () => cloudNames, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });
  const { problems, kind } = service.analyze({ fileName: '/work/site.yml', languageId: 'yaml', version: 1, text });
  const lines = text.split('\n');
  return {
    kind,
    problems,
    /** `code@covered text` for each problem, in order. */
    brief: problems.map((p) => `${p.code}@${lines[p.range.start.line]!.slice(p.range.start.character, p.range.start.line === p.range.end.line ? p.range.end.character : undefined)}`),
  };
}

const play = (tasks: string) => `- hosts: localhost\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`;

test('required options, required_if with defaults, required_one_of', () => {
  const { brief, problems } = check(play('- openstack.cloud.server:\n    cloud: a\n    image: cirros'));
  assert.deepEqual(brief, ['missing-required-option@openstack.cloud.server', 'required-if@openstack.cloud.server']);
  assert.match(problems[0]!.message, /requires 'name'/);
  assert.match(problems[1]!.message, /needs one of 'flavor' or 'flavor_ram' when state is present \(the default\)/);
  assert.deepEqual(check(play('- openstack.cloud.server:\n    name: x\n    state: absent')).brief, []);
  assert.deepEqual(check(play('- openstack.cloud.role_assignment:\n    role: member\n    user: a')).brief, ['required-one-of@openstack.cloud.role_assignment']);
});

test('mutually_exclusive points at the second option; required_together and required_by', () => {
  assert.deepEqual(check(play('- openstack.cloud.image:\n    name: a\n    filename: a.img\n    volume: v')).brief, ['mutually-exclusive@volume']);
  assert.deepEqual(check(play('- openstack.cloud.subnet:\n    name: s\n    network: n\n    cidr: 10.0.0.0/24\n    allocation_pool_start: 10.0.0.10')).brief, ['required-together@openstack.cloud.subnet']);
  assert.deepEqual(check(play('- openstack.cloud.router:\n    name: r\n    enable_snat: false')).brief, ['required-by@openstack.cloud.router']);
});

test('types and choices use Ansible conversions; templated values are not type-checked', () => {
  assert.deepEqual(check(play('- openstack.cloud.volume:\n    name: v\n    size: ten')).brief, ['option-type@ten']);
  assert.deepEqual(check(play('- openstack.cloud.volume:\n    name: v\n    size: "10"')).brief, []);
  assert.deepEqual(check(play('- openstack.cloud.server:\n    name: s\n    image: i\n    flavor: f\n    auto_ip: maybe')).brief, ['option-type@maybe']);
  assert.deepEqual(check(play('- openstack.cloud.server:\n    name: s\n    image: i\n    flavor: f\n    auto_ip: yes\n    wait: "{{ w }}"\n    timeout: "{{ t }}"')).brief, []);
  const { brief, problems } = check(play('- openstack.cloud.image:\n    name: i\n    state: presnt'));
  assert.deepEqual(brief, ['invalid-choice@presnt']);
  assert.equal(problemFixes(problems[0]!)[0]!.edits[0]!.newText, 'present');
  assert.deepEqual(check(play('- openstack.cloud.network:\n    name: n\n    external: {a: 1}')).brief, ['option-type@{a: 1}']);
});

test('aliases are accepted; unknown options get the closest name; suboptions are checked', () => {
  assert.deepEqual(check(play('- openstack.cloud.image:\n    name: i\n    protected: true\n    cacert: /ca.pem')).brief, []);
  const { problems } = check(play('- openstack.cloud.server:\n    name: s\n    image: i\n    flavour: f'));
  assert.equal(problems.find((p) => p.code === 'unknown-option')?.data?.suggestion, 'flavor');
  assert.deepEqual(
    check(play('- openstack.cloud.security_group:\n    name: g\n    security_group_rules:\n      - protocol: tcp\n        port_range_mn: 22')).brief,
    ['unknown-option@port_range_mn'],
  );
});

test('task keywords: dashed and misspelt keywords, removed ones, conflicting actions, loop_control', () => {
  assert.deepEqual(check(play('- openstack.cloud.server_info:\n  regsiter: out')).brief, ['unknown-keyword@regsiter']);
  assert.deepEqual(check(play('- ansible.builtin.debug: msg=hi\n  With_Items: [1]')).brief, ['unknown-keyword@With_Items']);
  assert.deepEqual(check(play('- ansible.builtin.debug: msg=hi\n  sudo: yes')).brief, ['removed-keyword@sudo']);
  assert.deepEqual(check(play('- ansible.builtin.debug: msg=hi\n  ansible.builtin.ping:')).brief, ['conflicting-actions@ansible.builtin.ping']);
  assert.deepEqual(check(play('- ansible.builtin.debug: msg=hi\n  loop: [1]\n  loop_control:\n    loopvar: x')).brief, ['unknown-keyword@loopvar']);
  assert.deepEqual(check(play('- ansible.builtin.debug: msg=hi\n  with_itmes: [1]')).brief, ['unknown-lookup@with_itmes']);
  assert.deepEqual(check(play('- name: nothing to do')).brief, ['no-action@name']);
});

test('play and block keywords', () => {
  const { brief, problems } = check('- hosts: all\n  gather_fact: no\n  register: x\n  tasks:\n    - block:\n        - ansible.builtin.ping:\n      rescu:\n        - ansible.builtin.ping:\n');
  assert.deepEqual(brief, ['unknown-keyword@gather_fact', 'unknown-keyword@register', 'unknown-keyword@rescu']);
  assert.match(problems[1]!.message, /task keyword/);
  assert.equal(problems[2]!.data?.suggestion, 'rescue');
});

test('module names: unknown FQCN, 2.x-removed legacy facts names, short names only under collections', () => {
  assert.deepEqual(check(play('- openstack.cloud.sever:\n    name: s')).brief, ['unknown-module@openstack.cloud.sever']);
  const facts = check(play('- os_server_facts:\n    cloud: a'));
  assert.deepEqual(facts.brief, ['unknown-module@os_server_facts']);
  assert.equal(facts.problems[0]!.data?.suggestion, 'openstack.cloud.server_info');
  // Without collections: not checked as ours, but a hint (issue 11: nothing passes silently) names the FQCN.
  assert.deepEqual(check(play('- server:\n    name: s')).brief, ['short-module-name@server'], 'without collections: a hint only');
  const short = check('- hosts: all\n  collections: [openstack.cloud]\n  tasks:\n    - server:\n        name: s\n        image: i\n        flavor: f\n        flavr: g\n    - sever:\n        name: s\n');
  assert.deepEqual(short.brief, ['unknown-option@flavr', 'unknown-module@sever']);
});

test('legacy names: the fix renames the module and its renamed options; removed options are errors', () => {
  const { problems } = check(play('- os_image:\n    name: i\n    filename: a.img\n    project: demo\n    protected: yes\n    availability_zone: nova'));
  const legacy = problems.find((p) => p.code === 'legacy-module')!;
  assert.deepEqual(problemFixes(legacy)[0]!.edits.map((e) => e.newText), ['openstack.cloud.image', 'owner', 'is_protected']);
  assert.deepEqual(problems.filter((p) => p.severity === 'error').map((p) => p.code), ['removed-option']);
});

test('module_defaults supply required options; a templated default makes them unknown', () => {
  const text = '- hosts: all\n  module_defaults:\n    openstack.cloud.volume:\n      size: 1\n  tasks:\n    - openstack.cloud.volume:\n        name: v\n';
  assert.deepEqual(check(text).brief, []);
  assert.deepEqual(check(text.replace('size: 1', 'cloud: a')).brief, ['required-if@openstack.cloud.volume']);
});

test('unbalanced Jinja anywhere in a playbook, with a closing fix', () => {
  const { brief, problems } = check(play('- ansible.builtin.debug:\n    msg: "{{ a }} and {{ b"\n  when: x }}'));
  assert.deepEqual(brief, ['jinja-unbalanced@{{ b', 'jinja-unbalanced@}}']);
  assert.equal(problemFixes(problems[0]!)[0]!.edits[0]!.newText, ' }}');
  assert.equal(findJinjaImbalance("{{ {'a': '}}'} | to_json }}"), undefined);
  assert.equal(findJinjaImbalance('{% if x %}y{% endif %}'), undefined);
  assert.match(findJinjaImbalance('{# comment')!.message, /comment/);
});

test('cloud names: literal, loop and vars, checked only when clouds.yaml is known', () => {
  const text = '- hosts: all\n  vars:\n    targets: [one, tow]\n  tasks:\n    - openstack.cloud.server_info:\n        cloud: "{{ item }}"\n      loop: "{{ targets }}"\n    - openstack.cloud.server_info:\n        cloud: three\n';
  const { brief, problems } = check(text, ['one', 'two']);
  assert.deepEqual(brief, ['unknown-cloud@tow', 'unknown-cloud@three']);
  assert.equal(problems[0]!.data?.suggestion, 'two');
  assert.deepEqual(check(text).brief, []);
});

test('documents that are not playbooks are left alone', () => {
  assert.equal(check('- name: Alice\n  email: alice@example.com\n').kind, undefined);
  assert.equal(check('key: value\n').kind, undefined);
  assert.equal(check('- name: x\n  openstack.cloud.server_info: {}\n').kind, 'tasks');
  // An Event-Driven Ansible rulebook (cyberark.pas ships some): its rulesets have hosts, but sources and rules are not play keywords.
  const rulebook = '---\n- name: Disable a user\n  hosts: all\n  sources:\n    - cyberark.pas.cyberark:\n        syslog_port: 1513\n  rules:\n    - name: disable\n      condition: event.cyberark.syslog.audit_record.MessageID == "22"\n      action:\n        run_playbook:\n          name: disable_user.yml\n';
  assert.equal(check(rulebook).kind, undefined);
  assert.deepEqual(check(rulebook).brief, []);
  assert.deepEqual(check('- hosts: all\n  rules: [a]\n  tasks: []\n').brief, ['unknown-keyword@rules'], 'a play with a stray rules: is still a play');
});

test('a list of records with a module\'s name among their keys is data outside tasks/ and handlers/, a task file inside them', () => {
  const users = '- name: alice\n  shell: /bin/bash\n  groups: [wheel]\n  uid: 1001\n';
  const kindAt = (fileName: string, text: string, languageId = 'yaml') =>
    new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined }).analyze({ fileName, languageId, version: 1, text });
  assert.equal(kindAt('/work/files/users.yml', users).kind, undefined);
  assert.deepEqual(kindAt('/work/files/users.yml', users).problems, []);
  assert.equal(kindAt('/work/roles/web/tasks/users.yml', users).kind, 'tasks', 'in tasks/ it is a task file, and Ansible would fail on it');
  assert.equal(kindAt('/work/files/users.yml', users, 'ansible').kind, 'tasks', 'the user said it is Ansible');
  const tasks = '- name: create\n  ansible.builtin.user:\n    name: alice\n  loop: "{{ users }}"\n  register: made\n- shell: echo hi\n  with_items: [1]\n  tags: [x]\n';
  assert.equal(kindAt('/work/setup-users.yml', tasks).kind, 'tasks', 'tasks whose keys are all keywords and modules, anywhere');
});

test('did you mean: typos, separators and word extensions, but not unrelated names', () => {
  assert.equal(didYouMean('file', ['filename', 'checksum', 'id']), 'filename');
  assert.equal(didYouMean('with-items', ['with_items', 'loop']), 'with_items');
  assert.equal(didYouMean('flavour', ['flavor', 'flavor_ram']), 'flavor');
  assert.equal(didYouMean('zzz', ['flavor', 'image']), undefined);
});
