// Removed and deprecated keywords against ansible-core itself: each playbook is loaded by Debian
// 12's ansible-core 2.14 (Playbook.load, which parses plays, blocks and tasks and reads static
// includes) and by us. We raise an error exactly where Ansible refuses the playbook; where it
// runs it with a deprecation warning (a task's `include`, removed in 2.16), we warn and do not
// fail it. Guards the false alarm of calling `include` an error for the ansible-core that Debian 12
// ships, and the wrong advice of include_tasks for a playbook's `- include:`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { setUpReference } from '../../support/ansibleDifferential';
import { PYTHON } from '../../support/differential';

interface Case {
  playbook: string;
  /** Whether ansible-core 2.14 refuses the playbook. */
  ansibleFails: boolean;
  /** `severity code@covered text` of what we report. */
  ours: string[];
}

const CASES: Case[] = [
  { playbook: '- include: other.yml\n- hosts: localhost\n  tasks: []\n', ansibleFails: true, ours: ['error removed-keyword@include'] },
  { playbook: '- import_playbook: other.yml\n- hosts: localhost\n  tasks: []\n', ansibleFails: false, ours: [] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include: tasks.yml\n', ansibleFails: false, ours: ['warning removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  handlers:\n    - include: tasks.yml\n', ansibleFails: false, ours: ['warning removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include: tasks.yml\n      static: true\n', ansibleFails: true, ours: ['warning removed-keyword@include', 'error removed-keyword@static'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include_tasks: tasks.yml\n    - import_tasks: tasks.yml\n', ansibleFails: false, ours: [] },
  { playbook: '- hosts: localhost\n  tasks:\n    - block:\n        - ansible.builtin.debug: msg=hi\n      include: tasks.yml\n', ansibleFails: true, ours: ['error removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - ansible.builtin.debug: msg=hi\n      sudo: true\n', ansibleFails: true, ours: ['error removed-keyword@sudo'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - ansible.builtin.debug: msg=hi\n      always_run: true\n', ansibleFails: true, ours: ['error removed-keyword@always_run'] },
  { playbook: '- hosts: localhost\n  sudo: true\n  tasks: []\n', ansibleFails: true, ours: ['error removed-keyword@sudo'] },
];

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

const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });

function ours(text: string): string[] {
  const { problems } = service.analyze({ fileName: '/work/site.yml', languageId: 'yaml', version: 1, text });
  const lines = text.split('\n');
  return problems.map((p) => `${p.severity} ${p.code}@${lines[p.range.start.line]!.slice(p.range.start.character, p.range.end.character)}`);
}

test('removed keywords: an error where ansible-core 2.14 refuses the playbook, a warning where it runs it deprecated', () => {
  const { env } = setUpReference();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywords-differential-'));
  try {
    fs.writeFileSync(path.join(dir, 'tasks.yml'), '- ansible.builtin.debug: msg=included\n');
    fs.writeFileSync(path.join(dir, 'other.yml'), '- hosts: localhost\n  tasks: []\n');
    const files = CASES.map((c, i) => {
      const file = path.join(dir, `case${i}.yml`);
      fs.writeFileSync(file, c.playbook);
      return file;
    });
    const r = spawnSync(PYTHON, ['-c', ORACLE], { input: JSON.stringify(files), encoding: 'utf8', env, cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    const fails = JSON.parse(r.stdout) as boolean[];
    CASES.forEach((c, i) => {
      assert.equal(fails[i], c.ansibleFails, `ansible-core 2.14 on:\n${c.playbook}`);
      const found = ours(c.playbook);
      assert.deepEqual(found, c.ours, `we on:\n${c.playbook}`);
      assert.equal(found.some((f) => f.startsWith('error ')), c.ansibleFails, `an error from us exactly where Ansible fails:\n${c.playbook}`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
