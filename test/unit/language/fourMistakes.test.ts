// The four mistakes of the talk's playbook, flagged exactly where they are and nowhere else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../../support/paths';
import { LanguageService, type LanguageEnvironment } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES, staticLiveResources } from '../../../extension/language/liveResources';
import { problemFixes } from '../../../extension/language/findings';
import type { Problem } from '../../../extension/yaml/problem';

function environment(overrides: Partial<LanguageEnvironment> = {}): LanguageEnvironment {
  return { cloudNames: () => ['vexxhost', 'dreamhost', 'devstack'], live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined, ...overrides };
}

function analyze(name: string, env = environment()) {
  const file = fixture('language', name);
  const text = fs.readFileSync(file, 'utf8');
  const problems = new LanguageService(env).analyze({ fileName: file, languageId: 'yaml', version: 1, text }).problems;
  return { text, problems };
}

/** Where a problem points: the 1-based line and the text its range covers. */
function located(text: string, p: Problem): [number, string, string] {
  const lines = text.split('\n');
  const covered = p.range.start.line === p.range.end.line ? lines[p.range.start.line]!.slice(p.range.start.character, p.range.end.character) : '<multi-line>';
  return [p.range.start.line + 1, p.code, covered];
}

const FOUR_MISTAKES: [number, string, string][] = [
  [15, 'jinja-unbalanced', '{{ item }'],
  [24, 'unknown-option', 'file'],
  [26, 'unknown-keyword', 'with-items'],
  [32, 'unknown-resource', 'immage-name'],
];

test('the talk playbook: exactly the four mistakes, each where it is written', () => {
  const { text, problems } = analyze('talk-playbook.yml');
  assert.deepEqual(problems.map((p) => located(text, p)), FOUR_MISTAKES);
  const [jinja, file, withItems, image] = problems;
  assert.equal(jinja!.severity, 'error');
  assert.match(jinja!.message, /unclosed Jinja expression/);
  assert.match(file!.message, /did you mean 'filename'/);
  assert.match(withItems!.message, /did you mean 'with_items'/);
  assert.equal(image!.severity, 'warning');
  assert.match(image!.message, /did you mean 'image-name' \(created on line 23\)/);
  // Every one of them comes with its fix.
  assert.deepEqual(problems.map((p) => problemFixes(p)[0]?.edits[0]?.newText), ['}', 'filename', 'with_items', 'image-name']);
});

test('with os_* names, the same four plus one deprecation hint per legacy module', () => {
  const { text, problems } = analyze('talk-playbook-legacy.yml');
  const serious = problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
  assert.deepEqual(serious.map((p) => located(text, p)), FOUR_MISTAKES);
  const legacy = problems.filter((p) => p.code === 'legacy-module');
  assert.deepEqual(legacy.map((p) => [located(text, p)[2], p.severity, problemFixes(p)[0]!.edits[0]!.newText]), [
    ['os_keypair', 'info', 'openstack.cloud.keypair'],
    ['os_image', 'info', 'openstack.cloud.image'],
    ['os_server', 'info', 'openstack.cloud.server'],
  ]);
  assert.equal(problems.length, 7);
});

test('live awareness: a name missing from the cloud is flagged with the closest real one', () => {
  const live = staticLiveResources({ vexxhost: { image: ['Ubuntu 24.04', 'image-name'] }, dreamhost: { image: ['image-name'] }, devstack: { image: ['cirros', 'image-name'] } });
  const { problems } = analyze('talk-playbook.yml', environment({ live: () => live }));
  const image = problems.find((p) => p.code === 'unknown-resource');
  assert.ok(image);
  assert.match(image.message, /'immage-name' is not on clouds 'vexxhost', 'dreamhost', 'devstack'/);
  assert.equal(image.data?.suggestion, 'image-name');
});

test('a cloud missing from clouds.yaml is flagged at the loop value that names it', () => {
  const { text, problems } = analyze('talk-playbook.yml', environment({ cloudNames: () => ['vexxhost', 'devstack'] }));
  const clouds = problems.filter((p) => p.code === 'unknown-cloud');
  assert.deepEqual(clouds.map((p) => located(text, p)), [[10, 'unknown-cloud', 'dreamhost']]);
});
