// Unbalanced Jinja against ansible-core itself: each string, as a task's `msg` (a template,
// rendered by Templar) and as its `when` (an expression, evaluated by Conditional), is flagged by
// us only where Ansible fails on it. A stray `}}` is text in a template (a JSON string ends with
// one) and an error in a conditional. Where Ansible fails and we say nothing (a block left open:
// we check delimiters, not Jinja's grammar), the case says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { setUpReference } from '../../support/ansibleDifferential';
import { PYTHON } from '../../support/differential';

type Context = 'template' | 'conditional';
/** [context, string, we flag it, Ansible fails on it] */
const CASES: [Context, string, boolean, boolean][] = [
  ['template', '{"a": {"b": 1}}', false, false],
  ['template', '{"SystemConfiguration": {"Components": [{"FQDD": "iDRAC.Embedded.1"}]}}', false, false],
  ['template', '{ item }}', false, false],
  ['template', 'a %} b', false, false],
  ['template', '{{ item }} }}', false, false],
  ['template', "{{ {'a': '}}'} | to_json }}", false, false],
  ['template', '{{ item }}', false, false],
  ['template', '{{ item }', true, true],
  ['template', '{{ item', true, true],
  ['template', '{# a comment', true, true],
  ['template', '{% if x %}y', false, true],
  ['conditional', 'x }}', true, true],
  ['conditional', 'x %}', true, true],
  ['conditional', '{"a": 1} == {"a": 1}', false, false],
  ['conditional', '{{ x }}', false, false],
  ['conditional', '{{ x', true, true],
];

const ORACLE = `import sys, json
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.conditional import Conditional
loader = DataLoader()
variables = {'x': True, 'item': 'i'}
templar = Templar(loader=loader, variables=variables)
out = []
for context, text in json.load(sys.stdin):
    try:
        if context == 'template':
            templar.template(text)
        else:
            conditional = Conditional(loader=loader)
            conditional.when = [text]
            conditional.evaluate_conditional(templar, variables)
        out.append(False)
    except Exception:
        out.append(True)
print(json.dumps(out))`;

const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });
const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;

function weFlag(context: Context, text: string): boolean {
  const task = context === 'template'
    ? `    - ansible.builtin.debug:\n        msg: ${quoted(text)}\n`
    : `    - ansible.builtin.debug:\n        msg: hi\n      when: ${quoted(text)}\n`;
  const { problems } = service.analyze({ fileName: '/work/site.yml', languageId: 'yaml', version: 1, text: `- hosts: localhost\n  tasks:\n${task}` });
  return problems.some((p) => p.code === 'jinja-unbalanced');
}

test('unbalanced Jinja: we flag a template or a conditional only where ansible-core fails on it', () => {
  const { env } = setUpReference();
  const r = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(CASES.map(([context, text]) => [context, text])), encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const ansibleFails = JSON.parse(r.stdout) as boolean[];
  CASES.forEach(([context, text, flagged, fails], i) => {
    assert.equal(ansibleFails[i], fails, `Ansible on the ${context} ${text}`);
    assert.equal(weFlag(context, text), flagged, `we on the ${context} ${text}`);
    if (flagged) assert.ok(fails, `a false alarm on the ${context} ${text}`);
  });
});
