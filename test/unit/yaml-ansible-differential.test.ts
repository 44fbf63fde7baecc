// YAML as Ansible reads it: every case is parsed by our parser (the bundled js-yaml, with the
// edits of scripts/jsYamlPlugin.mjs) and by ansible-core's own loader (AnsibleLoader over
// libyaml's CParser, as ansible-playbook reads a playbook); both must refuse it, or both must
// give the same value. The cases are where YAML 1.2 (js-yaml) and PyYAML/libyaml part: lines of a
// quoted scalar or a flow collection indented less than their node, which Ansible accepts (real
// files do it: microsoft.iis's module docs, dellemc.openmanage's playbooks, openstack.cloud's
// routers_info EXAMPLES), next to their neighbours that both refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parseYaml, toPlain } from '../../extension/yaml/positionedYaml';
import { setUpReference } from '../support/ansibleDifferential';
import { PYTHON } from '../support/differential';
import { repoRoot } from '../support/paths';

const CASES: Record<string, string> = {
  'single-quoted, continued less indented': "a:\n  b: 'x\n y'\n",
  'single-quoted, continued at column 0': "a:\n  b: 'x\ny'\n",
  'double-quoted, continued at column 0': 'a:\n  b: "x\ny"\n',
  'double-quoted, escaped line break': 'a:\n  b: "x\\\ny"\n',
  'flow sequence, continued less indented': 'a:\n  b: [1,\n 2]\n',
  'flow sequence, continued at column 0': 'a:\n  b: [1,\n2]\n',
  'flow mapping, continued at column 0': 'a:\n  b: {x: 1,\ny: 2}\n',
  'flow sequence closed at column 0': 'a:\n  b: [1,\n    2\n]\n',
  'a task\'s quoted msg, continued at the task\'s indentation': "- name: t\n  debug:\n    msg: 'a\n  b'\n",
  'a tab before a flow entry': 'a: [1,\n\t2]\n',
  'JSON in a quoted scalar, closed like its key (microsoft.iis)': 'sample: \'[\n    {\n      "name": "x"\n    }\n]\'\nnext: 1\n',
  'a plain scalar continued less indented (both refuse)': 'a:\n  b: x\n y\n',
  'a document marker inside a quoted scalar (both refuse)': "a: 'x\n---\n'\n",
  'a document end inside a quoted scalar (both refuse)': "a: 'x\n...\n'\n",
  'a document marker inside a flow sequence (both refuse)': 'a: [1,\n---\n]\n',
  'a mapping entry less indented than its siblings (both refuse)': 'a:\n    b: 1\n  c: 2\n',
  'an unclosed flow sequence (both refuse)': 'a: [1, 2\n',
};

const LOADER = `import sys, json
from ansible.parsing.yaml.loader import AnsibleLoader
out = {}
for name, text in json.load(sys.stdin).items():
    try:
        out[name] = {'value': AnsibleLoader(text).get_single_data()}
    except Exception as e:
        out[name] = {'error': type(e).__name__}
print(json.dumps(out))`;

test('our YAML parser accepts and refuses what Ansible\'s loader does, with the same values', () => {
  const { env } = setUpReference();
  const r = spawnSync(PYTHON, ['-c', LOADER], { input: JSON.stringify(CASES), encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  const theirs = JSON.parse(r.stdout) as Record<string, { value?: unknown; error?: string }>;
  const refusedByBoth = Object.keys(CASES).filter((name) => name.endsWith('(both refuse)'));
  for (const [name, text] of Object.entries(CASES)) {
    const parsed = parseYaml(text);
    const ours = parsed.error ? { error: parsed.error.message } : { value: toPlain(parsed.documents[0]?.root) };
    assert.equal('error' in ours, 'error' in theirs[name]!, `${name}: ours ${JSON.stringify(ours)}, Ansible's ${JSON.stringify(theirs[name])}`);
    if (!('error' in ours)) assert.deepEqual(ours.value, theirs[name]!.value, name);
    assert.equal('error' in ours, refusedByBoth.includes(name), `${name} is named for what both do`);
  }
});

test('the js-yaml edits fail the build when js-yaml no longer has the checks they take out', () => {
  const script = "import('./scripts/jsYamlPlugin.mjs').then((m) => m.jsYamlAsAnsibleReads('function other() {}'))";
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /js-yaml: expected one .*deficient indentation.*found 0: see scripts\/jsYamlPlugin\.mjs/);
});
