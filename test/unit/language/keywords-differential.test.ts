// Removed and deprecated keywords against ansible-core itself: each playbook is loaded by Debian
// 12's ansible-core 2.14 (Playbook.load, which parses plays, blocks and tasks and reads static
// includes) and by us. We raise an error exactly where Ansible refuses the playbook; where it
// runs it with a deprecation warning (a task's `include`, removed in 2.16), we warn and do not
// fail it. Guards the false alarm of calling `include` an error for the ansible-core that Debian 12
// ships, and the wrong advice of include_tasks for a playbook's `- include:`. The same cases run
// against Debian 13's ansible-core (2.19) in the ansible stage (test/ansible/keywords-current.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setUpReference } from '../../support/ansibleDifferential';
import { PYTHON } from '../../support/differential';
import { KEYWORD_CASES as CASES, KEYWORD_CASE_FILES, ourKeywordFindings as ours } from '../../support/keywordCases';

const ORACLE = `import sys, json, os
from ansible.parsing.dataloader import DataLoader
from ansible.inventory.manager import InventoryManager
from ansible.vars.manager import VariableManager
from ansible.playbook import Playbook
loader = DataLoader()
variables = VariableManager(loader=loader, inventory=InventoryManager(loader=loader, sources='localhost,'))
out = []
for name in json.load(sys.stdin):
    try:
        Playbook.load(name, variable_manager=variables, loader=loader)
        out.append(False)
    except Exception:
        out.append(True)
print(json.dumps(out))`;

test('removed keywords: an error where ansible-core 2.14 refuses the playbook, a warning where it runs it deprecated', () => {
  const { env } = setUpReference();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywords-differential-'));
  try {
    for (const [name, text] of Object.entries(KEYWORD_CASE_FILES)) fs.writeFileSync(path.join(dir, name), text);
    const files = CASES.map((c, i) => {
      const file = path.join(dir, `case${i}.yml`);
      fs.writeFileSync(file, c.playbook);
      return file;
    });
    const r = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(files), encoding: 'utf8', env, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const fails = JSON.parse(r.stdout) as boolean[];
    CASES.forEach((c, i) => {
      assert.equal(fails[i], c.ansible214Fails, `ansible-core 2.14 on:\n${c.playbook}`);
      const found = ours(c.playbook);
      assert.deepEqual(found, c.ours, `we on:\n${c.playbook}`);
      assert.equal(found.some((f) => f.startsWith('error ')), c.ansible214Fails, `an error from us exactly where Ansible fails:\n${c.playbook}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
