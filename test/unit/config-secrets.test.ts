// Secrets the files do not hold: which ones a cloud needs (to ask the user), and resolving with
// the answers (kept in VS Code SecretStorage) as a layer below clouds.yaml and secure.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLoadedConfig, resolveClouds } from '../../extension/config/index';

const loaded = buildLoadedConfig(
  [
    {
      kind: 'clouds',
      path: '/w/clouds.yaml',
      text: `clouds:
  pw:
    auth: {auth_url: "https://k.example.com/v3", username: u, project_id: p, user_domain_id: d}
  appcred:
    auth_type: v3applicationcredential
    auth: {auth_url: "https://k.example.com/v3", application_credential_id: i}
  complete:
    auth: {auth_url: "https://k.example.com/v3", username: u, password: from-file, project_id: p, user_domain_id: d}
`,
    },
  ],
  { cwd: undefined, env: {}, home: '', platform: 'linux' },
);

test('secrets: a password cloud without password resolves and says which secret it lacks', () => {
  const resolved = resolveClouds(loaded);
  const pw = resolved.regions.find((r) => r.name === 'pw')!;
  assert.deepEqual(pw.missing_secrets, ['password']);
  assert.deepEqual(resolved.regions.find((r) => r.name === 'complete')!.missing_secrets, []);
});

test('secrets: an application credential without its secret fails (as in openstacksdk) with data naming the secret', () => {
  const cloud = resolveClouds(loaded).clouds.find((c) => c.name === 'appcred')!;
  assert.equal(cloud.status, 'error');
  const p = cloud.problems.find((x) => x.data?.key === 'application_credential_secret');
  assert.ok(p);
  assert.equal(p.data?.secret, true);
});

test('secrets: supplied secrets fill in what the files leave unset, never override them', () => {
  const resolved = resolveClouds(loaded, {
    secrets: { pw: { password: 'typed' }, appcred: { application_credential_secret: 'kept' }, complete: { password: 'ignored' } },
  });
  assert.deepEqual(resolved.clouds.map((c) => c.status), ['ok', 'ok', 'ok']);
  const by = (name: string) => resolved.regions.find((r) => r.name === name)!;
  assert.equal(by('pw').config.auth.password, 'typed');
  assert.deepEqual(by('pw').missing_secrets, []);
  assert.equal(by('appcred').config.auth.application_credential_secret, 'kept');
  assert.equal(by('complete').config.auth.password, 'from-file');
  assert.equal((loaded.cloudsData.pw as { auth: Record<string, unknown> }).auth.password, undefined, 'the loaded data is not changed');
});
