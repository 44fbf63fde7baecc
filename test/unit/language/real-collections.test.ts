// No false alarm on real repositories: `openstack-clouds lint` over every YAML file of Debian 12's
// and Debian 13's `ansible` packages (the playbooks, roles, molecule scenarios, rulebooks and
// module docs of about a hundred collections, written and run by their maintainers; unpacked by
// test/support/ansible-reference.sh) reports nothing but invalid YAML that Ansible's own loader
// refuses too, and the findings listed below with the reason each is right. What this corpus caught: flow scalars continued on less indented lines
// (valid to PyYAML; scripts/jsYamlPlugin.mjs), a JSON string ending in `}}` (text to Jinja),
// Event-Driven Ansible rulebooks taken for playbooks, and short names of a collection's own
// modules in its playbooks hinted at as openstack.cloud's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runLint } from '../../../extension/cli/lint';
import { spawnSync } from 'node:child_process';
import { setUpReference } from '../../support/ansibleDifferential';
import { PYTHON } from '../../support/differential';

/** Findings that are right: `code` in files under `under` (relative to ansible_collections/), and why. */
const EXPECTED: { code: string; under: string; reason: string }[] = [
  { code: 'removed-keyword', under: 'ovirt/ovirt/roles/', reason: 'ovirt\'s roles still use the `include` action: a warning, as it is deprecated and ansible-core 2.16 removed it (Debian 12\'s 2.14 runs it)' },
];

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(d.name) ? [p] : [];
  });
}

/** The files of `files` that ansible-core's loader refuses too. */
function refusedByAnsible(files: string[], env: NodeJS.ProcessEnv): string[] {
  const script = `import sys, json
from ansible.parsing.yaml.loader import AnsibleLoader
refused = []
for name in json.load(sys.stdin):
    loader = AnsibleLoader(open(name, encoding='utf-8').read())
    try:
        while loader.check_data():  # every document, as a multi-document file is read
            loader.get_data()
    except Exception:
        refused.append(name)
    finally:
        loader.dispose()
print(json.dumps(refused))`;
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(files), encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

interface LintFinding { file: string; line: number; column: number; code: string; message: string }

for (const suite of ['bookworm', 'trixie']) {
  test(`lint raises no false alarm on the ${suite} ansible package's YAML files`, { timeout: 120_000 }, async () => {
    const reference = setUpReference();
    const root = reference.yamlCorpora[suite];
    assert.ok(root && fs.existsSync(root), `the ${suite} corpus is unpacked`);
    const files = yamlFiles(root);
    assert.ok(files.length > 2000, `${files.length} files`);
    let stdout = '';
    const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stdout += t) };
    await runLint(['--format', 'json', ...files], io, { cwd: root, env: {} });
    const findings = JSON.parse(stdout) as LintFinding[];
    const invalid = [...new Set(findings.filter((f) => f.code === 'yaml-syntax').map((f) => f.file))];
    assert.deepEqual(invalid.filter((f) => !refusedByAnsible(invalid, reference.env).includes(f)), [], 'invalid YAML to us is invalid to Ansible');
    const unexpected = findings.filter((f) => f.code !== 'yaml-syntax' && !EXPECTED.some((e) => e.code === f.code && path.relative(root, f.file).startsWith(e.under)));
    assert.deepEqual(unexpected.map((f) => `${path.relative(root, f.file)}:${f.line}:${f.column} ${f.code} ${f.message}`), []);
  });
}
