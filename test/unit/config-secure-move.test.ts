// The quick fix of secret-in-clouds-yaml / V-18: move a secret from clouds.yaml to secure.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, buildLoadedConfig, planMoveSecretToSecureYaml, resolveClouds, validateCloudsDocument, type MoveSecretRequest } from '../../extension/config/index';

const CLOUDS = `clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com/v3
      username: alice
      password: "hunter2 # not a comment"
      project_id: p
      user_domain_id: default
    region_name: RegionOne
  other:
    auth: {auth_url: "https://k.example.com/v3", password: s3, username: u, user_domain_id: d}
`;

function apply(req: MoveSecretRequest) {
  const plan = planMoveSecretToSecureYaml(req);
  assert.ok(plan, 'no plan');
  const clouds = applyEdits(req.cloudsText, plan.edits.filter((e) => e.file === req.cloudsFile));
  const secure = applyEdits(req.secureText ?? '', plan.edits.filter((e) => e.file === req.secureFile));
  return { plan, clouds, secure };
}

function passwordOf(clouds: string, secure: string, cloud: string): unknown {
  const loaded = buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text: clouds }, { kind: 'secure', path: '/w/secure.yaml', text: secure }], { cwd: undefined, env: {}, home: '', platform: 'linux' });
  return resolveClouds(loaded).regions.find((r) => r.name === cloud)?.config.auth.password;
}

test('move secret: the hint carries what the fix needs, and the fix creates secure.yaml', () => {
  const hint = validateCloudsDocument(CLOUDS, '/w/clouds.yaml', 'clouds').find((p) => p.code === 'secret-in-clouds-yaml' && p.data?.cloud === 'prod');
  assert.ok(hint);
  assert.deepEqual(hint.data?.keyPath, ['auth', 'password']);
  const { plan, clouds, secure } = apply({ cloudsFile: '/w/clouds.yaml', cloudsText: CLOUDS, secureFile: '/w/secure.yaml', secureText: undefined, cloud: 'prod', keyPath: hint.data!.keyPath as string[] });
  assert.equal(plan.createsSecureFile, true);
  assert.ok(!clouds.includes('hunter2'));
  assert.match(secure, /^clouds:\n  prod:\n    auth:\n      password: "hunter2 # not a comment"\n$/m);
  assert.equal(passwordOf(clouds, secure, 'prod'), 'hunter2 # not a comment');
  assert.equal(passwordOf(clouds, secure, 'other'), 's3');
  assert.ok(!validateCloudsDocument(clouds, '/w/clouds.yaml', 'clouds').some((p) => p.severity === 'error'));
});

test('move secret: into an existing secure.yaml (new cloud, existing cloud, existing key)', () => {
  const existing = 'clouds:\n  other:\n    auth:\n      password: old\n';
  const a = apply({ cloudsFile: '/w/clouds.yaml', cloudsText: CLOUDS, secureFile: '/w/secure.yaml', secureText: existing, cloud: 'prod', keyPath: ['auth', 'password'] });
  assert.equal(a.plan.createsSecureFile, false);
  assert.equal(passwordOf(a.clouds, a.secure, 'prod'), 'hunter2 # not a comment');
  assert.equal(passwordOf(a.clouds, a.secure, 'other'), 'old');
  const b = apply({ cloudsFile: '/w/clouds.yaml', cloudsText: CLOUDS, secureFile: '/w/secure.yaml', secureText: existing, cloud: 'other', keyPath: ['auth', 'password'] });
  assert.match(b.secure, /password: "s3"/);
  assert.equal(passwordOf(b.clouds, b.secure, 'other'), 's3');
  assert.match(b.clouds, /auth: \{auth_url: "https:\/\/k.example.com\/v3", username: u, user_domain_id: d\}/, 'flow mapping edited in place');
  const c = apply({ cloudsFile: '/w/clouds.yaml', cloudsText: CLOUDS, secureFile: '/w/secure.yaml', secureText: 'clouds:\n  prod:\n    region_name: X\n', cloud: 'prod', keyPath: ['auth', 'password'] });
  assert.equal(passwordOf(c.clouds, c.secure, 'prod'), 'hunter2 # not a comment');
  assert.match(c.secure, /region_name: X\n    auth:\n      password:/);
});

test('move secret: nothing planned for a path that is not a scalar in clouds.yaml', () => {
  assert.equal(planMoveSecretToSecureYaml({ cloudsFile: '/w/c', cloudsText: CLOUDS, secureFile: '/w/s', secureText: undefined, cloud: 'nope', keyPath: ['auth', 'password'] }), undefined);
  assert.equal(planMoveSecretToSecureYaml({ cloudsFile: '/w/c', cloudsText: CLOUDS, secureFile: '/w/s', secureText: undefined, cloud: 'prod', keyPath: ['auth'] }), undefined);
});
