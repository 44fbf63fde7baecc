// Valid playbooks, task files and clouds files in the styles people write: no errors, no warnings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixture } from '../../support/paths';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { siblingConfigFiles } from '../../../extension/language/configFiles';

const CORPUS = fixture('language', 'corpus');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const service = new LanguageService({
  cloudNames: () => ['devstack', 'vexxhost', 'dreamhost', 'admin', 'a', 'b'],
  live: () => NO_LIVE_RESOURCES,
  cloudsFile: () => undefined,
  cloudsContext: (fileName) => ({ files: siblingConfigFiles(fileName) }),
});
const all = files(CORPUS).sort();

test('the corpus has at least 30 files of every kind we handle', () => {
  const kinds = all.map((f) => service.analyze({ fileName: f, languageId: 'yaml', version: 1, text: fs.readFileSync(f, 'utf8') }).kind);
  assert.ok(all.length >= 30, `${all.length} files`);
  assert.deepEqual(kinds.filter((k) => k === undefined), [], 'every file is recognised as ours');
  for (const kind of ['playbook', 'tasks', 'handlers', 'clouds', 'secure', 'clouds-public']) assert.ok(kinds.includes(kind as never), kind);
});

for (const file of all) {
  test(`valid: ${path.relative(CORPUS, file)}`, () => {
    const { problems } = service.analyze({ fileName: file, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') });
    const serious = problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
    assert.deepEqual(serious.map((p) => `${p.range.start.line + 1}:${p.range.start.character + 1} ${p.code} ${p.message}`), []);
    // The only remarks allowed on valid files are advice: legacy module names, a secret kept in clouds.yaml.
    assert.deepEqual(problems.filter((p) => p.code !== 'legacy-module' && p.code !== 'secret-in-clouds-yaml').map((p) => p.message), []);
  });
}
