// A playbook as Ansible's loader reads it: PyYAML (Debian's python3-yaml), with `!unsafe` kept as
// {"unsafe": value}, so a test sees exactly the strings Ansible would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

export function loadAsAnsible(text: string): any {
  const py = "import sys, json, yaml\nclass L(yaml.SafeLoader): pass\nL.add_constructor('!unsafe', lambda l, n: {'unsafe': l.construct_scalar(n)})\nprint(json.dumps(yaml.load(sys.stdin.read(), Loader=L)))";
  const r = spawnSync('/usr/bin/python3', ['-c', py], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
