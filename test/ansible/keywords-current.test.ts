// The removed-keyword cases (test/support/keywordCases.ts) against Debian 13's ansible-core (the
// ansible stage's root, 2.19): `ansible-playbook --syntax-check` refuses exactly the playbooks the
// cases say. So the message of our warning on a task's `include` ("removed from ansible-core 2.16
// on") is checked on a release after the removal, as the unit stage checks on 2.14 that the same
// playbook still runs there; and every error of ours is an error on both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ansiblePlaybook, ansibleRoot, rootScratch } from '../support/ansibleRoot';
import { KEYWORD_CASES, KEYWORD_CASE_FILES, ourKeywordFindings } from '../support/keywordCases';

const scratch = rootScratch();
after(() => scratch.remove());

test('removed keywords: ansible-core 2.19 refuses what the cases say; our errors are its errors, our warnings what 2.14 still runs', async () => {
  const version = /__version__ = '([^']+)'/.exec(fs.readFileSync(path.join(ansibleRoot(), 'usr/lib/python3/dist-packages/ansible/release.py'), 'utf8'))?.[1];
  assert.match(version ?? '', /^2\.(1[6-9]|[2-9]\d)\./, `the root's ansible-core (${version}) is one that removed include`);
  for (const [name, text] of Object.entries(KEYWORD_CASE_FILES)) fs.writeFileSync(path.join(scratch.onHost, name), text);
  const runs = await Promise.all(KEYWORD_CASES.map(async (c, i) => {
    fs.writeFileSync(path.join(scratch.onHost, `case${i}.yml`), c.playbook);
    return ansiblePlaybook(['--syntax-check', '-i', 'localhost,', `${scratch.inRoot}/case${i}.yml`], 120);
  }));
  KEYWORD_CASES.forEach((c, i) => {
    assert.equal(runs[i]!.code !== 0, c.ansible219Fails, `ansible-core ${version} on:\n${c.playbook}\n${runs[i]!.output.slice(-600)}`);
    const errors = ourKeywordFindings(c.playbook).some((f) => f.startsWith('error '));
    if (errors) assert.ok(c.ansible219Fails, `an error of ours that ansible-core ${version} runs:\n${c.playbook}`);
    if (c.ansible219Fails && !errors) assert.ok(!c.ansible214Fails, `only what 2.14 still runs is a mere warning:\n${c.playbook}`);
  });
});
