// Rules that depend on more than one file: a cloud is clouds.yaml and secure.yaml deep-merged
// (and its profile), so every rule judges the merged cloud, while each problem stays in the file
// (and at the key) that holds what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateCloudsDocument } from '../../extension/config/index';
import type { ConfigFileKind } from '../../extension/config/discovery';
import type { Problem } from '../../extension/yaml/problem';

const CLOUDS = '/work/clouds.yaml';
const SECURE = '/work/secure.yaml';
const PUBLIC = '/work/clouds-public.yaml';

interface Config {
  clouds: string;
  secure?: string;
  public?: string;
}

/** The problems of each file of the configuration, as the editor validates them one by one. */
function validateAll(config: Config): Record<'clouds' | 'secure', Problem[]> {
  const files = [
    { kind: 'clouds' as ConfigFileKind, path: CLOUDS, text: config.clouds },
    ...(config.secure !== undefined ? [{ kind: 'secure' as ConfigFileKind, path: SECURE, text: config.secure }] : []),
    ...(config.public !== undefined ? [{ kind: 'clouds-public' as ConfigFileKind, path: PUBLIC, text: config.public }] : []),
  ];
  const of = (path: string) => {
    const self = files.find((f) => f.path === path);
    if (!self) return [];
    const problems = validateCloudsDocument(self.text, self.path, self.kind, { files: files.filter((f) => f !== self) });
    for (const p of problems) assert.equal(p.file, path, `a problem of ${path} points into ${p.file}: ${p.message}`);
    return problems;
  };
  return { clouds: of(CLOUDS), secure: of(SECURE) };
}

const codes = (problems: Problem[]) => problems.map((p) => `${p.code}@${p.range.start.line + 1}:${p.range.start.character + 1}`);
const only = (problems: Problem[], code: string) => codes(problems.filter((p) => p.code === code));

/** The auth of a password cloud (identity v3, user domain given) without its password. */
const USER_AUTH = '    auth:\n      auth_url: https://keystone.example.com/v3\n      username: u\n      user_domain_id: d\n      project_id: x\n';
const APPCRED_CLOUDS = 'clouds:\n  multi:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://keystone.example.com/v3\n      application_credential_id: abc\n';

test('cross-file: an application credential secret in secure.yaml is not V-13 when clouds.yaml sets auth_type', () => {
  const r = validateAll({ clouds: APPCRED_CLOUDS, secure: 'clouds:\n  multi:\n    auth:\n      application_credential_secret: s3cr3t\n' });
  assert.deepEqual(r.secure, []);
  assert.deepEqual(r.clouds, []);
});

test('cross-file: auth_type set in secure.yaml governs the auth keys of clouds.yaml', () => {
  const r = validateAll({
    clouds: 'clouds:\n  multi:\n    auth:\n      auth_url: https://keystone.example.com/v3\n      application_credential_id: abc\n',
    secure: 'clouds:\n  multi:\n    auth_type: v3applicationcredential\n    auth:\n      application_credential_secret: s3cr3t\n',
  });
  assert.deepEqual(r.clouds, []);
  assert.deepEqual(r.secure, []);
});

test('cross-file: an auth key the merged auth_type does not take is V-13 in the file that holds it', () => {
  const r = validateAll({ clouds: APPCRED_CLOUDS, secure: 'clouds:\n  multi:\n    auth:\n      application_credential_secret: s3cr3t\n      password: p\n' });
  assert.deepEqual(only(r.secure, 'V-13'), ['V-13@5:7']);
  assert.deepEqual(only(r.clouds, 'V-13'), []);
});

test('cross-file: V-10 (a scoped application credential) points at the scope key in secure.yaml, once', () => {
  const r = validateAll({ clouds: APPCRED_CLOUDS, secure: 'clouds:\n  multi:\n    auth:\n      application_credential_secret: s3cr3t\n      project_name: demo\n' });
  assert.deepEqual(only(r.secure, 'V-10'), ['V-10@5:7']);
  assert.deepEqual(only(r.secure, 'V-13'), []);
  assert.deepEqual(only(r.clouds, 'V-10'), []);
});

test('cross-file: a required option (the secret) missing from both files is reported in clouds.yaml only', () => {
  const r = validateAll({ clouds: APPCRED_CLOUDS, secure: 'clouds:\n  multi:\n    region_name: RegionOne\n' });
  assert.equal(r.clouds.filter((p) => p.code === 'V-10' && p.severity === 'error').length, 1, codes(r.clouds).join(', '));
  assert.deepEqual(r.secure, []);
  const supplied = validateAll({ clouds: APPCRED_CLOUDS, secure: 'clouds:\n  multi:\n    auth:\n      application_credential_secret: s\n' });
  assert.deepEqual([...supplied.clouds, ...supplied.secure], []);
});

test('cross-file: identity v3 from clouds.yaml makes tenant_name in secure.yaml a V-8 there', () => {
  const r = validateAll({
    clouds: 'clouds:\n  a:\n    identity_api_version: 3\n    auth:\n      auth_url: https://keystone.example.com\n      username: u\n      user_domain_name: Default\n      project_domain_name: Default\n',
    secure: 'clouds:\n  a:\n    auth:\n      password: p\n      tenant_name: demo\n',
  });
  assert.deepEqual(only(r.secure, 'V-8'), ['V-8@5:7']);
  assert.deepEqual(r.clouds, []);
});

test('cross-file: V-9 judges the merged auth and points at the username where it is written', () => {
  const clouds = 'clouds:\n  a:\n    auth:\n      auth_url: https://keystone.example.com/v3\n      project_id: x\n';
  const missing = validateAll({ clouds, secure: 'clouds:\n  a:\n    auth:\n      username: u\n      password: p\n' });
  assert.deepEqual(only(missing.secure, 'V-9'), ['V-9@4:7']);
  assert.deepEqual(only(missing.clouds, 'V-9'), []);
  const given = validateAll({ clouds: clouds.replace('project_id: x\n', 'project_id: x\n      user_domain_name: Default\n'), secure: 'clouds:\n  a:\n    auth:\n      username: u\n      password: p\n' });
  assert.deepEqual([...given.clouds, ...given.secure], []);
});

test('cross-file: V-11 when verify: false and the cacert it makes useless are in different files', () => {
  const r = validateAll({
    clouds: `clouds:\n  a:\n${USER_AUTH}    verify: false\n`,
    secure: 'clouds:\n  a:\n    cacert: /etc/ssl/ca.pem\n    auth:\n      password: p\n',
  });
  assert.deepEqual(only(r.clouds, 'V-11'), ['V-11@8:5']);
  assert.deepEqual(only(r.secure, 'V-11'), []);
});

test('cross-file: V-18 is about clouds.yaml literals only; secure.yaml holds secrets by design', () => {
  const r = validateAll({
    clouds: `clouds:\n  a:\n${USER_AUTH}      password: p\n`,
    secure: 'clouds:\n  a:\n    auth:\n      password: q\n',
  });
  assert.deepEqual(only(r.clouds, 'V-18'), ['V-18@8:7']);
  assert.deepEqual(r.secure, []);
});

test('cross-file: region_name in secure.yaml is checked against the regions of clouds.yaml, and reported there', () => {
  const clouds = `clouds:\n  a:\n    regions: [R1, R2]\n${USER_AUTH}`;
  const r = validateAll({ clouds, secure: 'clouds:\n  a:\n    region_name: R3\n    auth:\n      password: p\n' });
  assert.deepEqual(only(r.secure, 'region-name-ignored'), ['region-name-ignored@3:18']);
  assert.deepEqual(r.clouds, []);
  const profile = validateAll({
    clouds: 'clouds:\n  a:\n    profile: citycloud\n    auth: {username: u, project_id: x, user_domain_id: d}\n',
    secure: 'clouds:\n  a:\n    region_name: sto2\n    auth:\n      password: p\n',
  });
  assert.deepEqual(only(profile.secure, 'unknown-region'), ['unknown-region@3:18']);
  assert.deepEqual(profile.clouds, []);
});

test('cross-file: region values inherit the auth_type of their cloud', () => {
  const r = validateAll({
    clouds: 'clouds:\n  a:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://keystone.example.com/v3\n      application_credential_id: abc\n      application_credential_secret: s\n    regions:\n      - name: R1\n        values:\n          auth:\n            application_credential_id: other\n',
  });
  assert.deepEqual(r.clouds.filter((p) => p.code !== 'secret-in-clouds-yaml'), []);
});

test('cross-file: a clouds-public.yaml profile that sets auth_type governs the auth keys', () => {
  const r = validateAll({
    clouds: 'clouds:\n  a:\n    profile: mine\n    auth:\n      application_credential_id: abc\n',
    secure: 'clouds:\n  a:\n    auth:\n      application_credential_secret: s\n',
    public: 'public-clouds:\n  mine:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://keystone.example.com/v3\n',
  });
  assert.deepEqual(r.clouds, []);
  assert.deepEqual(r.secure, []);
});

test('cross-file: while a remote profile is not fetched its auth_type is unknown, so auth keys are not judged; an explicit one still is', () => {
  const pending = validateAll({ clouds: 'clouds:\n  a:\n    profile: https://cloud.example.com\n    auth:\n      application_credential_id: abc\n', secure: 'clouds:\n  a:\n    auth:\n      application_credential_secret: s\n' });
  assert.deepEqual([...only(pending.clouds, 'V-13'), ...only(pending.secure, 'V-13')], []);
  const explicit = validateAll({ clouds: 'clouds:\n  a:\n    profile: https://cloud.example.com\n    auth_type: v3applicationcredential\n    auth:\n      application_credential_id: abc\n', secure: 'clouds:\n  a:\n    auth:\n      password: p\n' });
  assert.deepEqual(only(explicit.secure, 'V-13'), ['V-13@4:7']);
});
