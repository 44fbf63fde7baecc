// With redhat.vscode-yaml serving schemas/clouds.schema.json, the problems it reports too are not shown twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCloudsDocument } from '../../../extension/config/index';
import { besideSchemaDiagnostics } from '../../../extension/language/schemaOverlap';

const TEXT = 'clouds:\n  a:\n    auth:\n      auth_url: keystone.example.com/v3\n      username: u\n      password: p\n      project_id: x\n      user_domain_id: d\n    interface: pubilc\n    verify: "false"\n    regions:\n      - name: R1\n        valeus: {}\n';

const summary = (problems: { code: string; severity: string }[]) => problems.map((p) => `${p.code}/${p.severity}`).sort();

test('schema overlap: what the schema reports is left to it; a "did you mean" stays as a hint; the rest is kept', () => {
  const problems = validateCloudsDocument(TEXT, '/w/clouds.yaml', 'clouds');
  assert.deepEqual(summary(problems), ['V-3/error', 'V-3/error', 'V-7/error', 'invalid-url/error', 'secret-in-clouds-yaml/hint', 'verify-string/warning']);
  const shown = besideSchemaDiagnostics(problems, '/w/clouds.yaml');
  // verify: "false" is a CA path to openstacksdk: the schema accepts a string, so our warning stays.
  assert.deepEqual(summary(shown), ['V-3/hint', 'V-7/hint', 'invalid-url/error', 'secret-in-clouds-yaml/hint', 'verify-string/warning']);
  assert.equal(shown.find((p) => p.code === 'V-7')?.data?.suggestion, 'public');
});

test('schema overlap: a clouds file the schema is not given to (openstack.cloudsFile) keeps every problem', () => {
  const problems = validateCloudsDocument(TEXT, '/w/my-clouds.yaml', 'clouds');
  assert.deepEqual(besideSchemaDiagnostics(problems, '/w/my-clouds.yaml'), problems);
});
