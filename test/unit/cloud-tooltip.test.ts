// The cloud row's tooltip: auth_url, user and project, each with where it came from (clouds.yaml,
// secure.yaml, the OS_* environment or the vendor profile); never a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLoadedConfig, resolveClouds } from '../../extension/config/index';
import { cloudOrigins, cloudTooltip } from '../../extension/ui/explorer/cloudTooltip';

const loaded = buildLoadedConfig(
  [
    {
      kind: 'clouds', path: '/w/clouds.yaml',
      text: `clouds:
  lab:
    auth: {auth_url: "https://k.example.com/v3", project_name: demo, user_domain_id: d, project_domain_id: d}
  city:
    profile: citycloud
    region_name: Sto2
    auth: {username: u, password: clouds-secret, project_id: p}
`,
    },
    { kind: 'secure', path: '/home/me/.config/openstack/secure.yaml', text: 'clouds:\n  lab:\n    auth: {username: alice, password: secure-secret}\n' },
  ],
  { cwd: undefined, env: { OS_AUTH_URL: 'https://env.example/v3', OS_USERNAME: 'envuser', OS_PASSWORD: 'env-secret', OS_PROJECT_NAME: 'envproj' }, home: '/home/me', platform: 'linux' },
);
const resolved = resolveClouds(loaded);
const cloud = (name: string) => resolved.clouds.find((c) => c.name === name)!;

test('each of auth_url, user and project says which file set it (secure.yaml wins over clouds.yaml)', () => {
  assert.deepEqual(cloudOrigins(loaded, cloud('lab')), [
    { key: 'auth_url', value: 'https://k.example.com/v3', from: 'clouds.yaml' },
    { key: 'username', value: 'alice', from: 'secure.yaml' },
    { key: 'project_name', value: 'demo', from: 'clouds.yaml' },
  ]);
});

test('a value the vendor profile gives says so; the envvars cloud says OS_* environment', () => {
  assert.deepEqual(cloudOrigins(loaded, cloud('city'))[0], { key: 'auth_url', value: 'https://Sto2.citycloud.com:5000/v3/', from: 'profile "citycloud"' });
  const env = resolved.clouds.find((c) => c.definition.source === 'environment')!;
  assert.deepEqual(cloudOrigins(loaded, env).map((o) => `${o.key}=${o.value} ${o.from}`), ['auth_url=https://env.example/v3 OS_* environment', 'username=envuser OS_* environment', 'project_name=envproj OS_* environment']);
});

test('the tooltip starts with the definition and never shows a secret', () => {
  for (const c of resolved.clouds) {
    const text = cloudTooltip(loaded, c);
    assert.doesNotMatch(text, /secret/, c.name);
  }
  assert.equal(cloudTooltip(loaded, cloud('lab')).split('\n')[0], 'lab (/w/clouds.yaml:2)');
  assert.match(cloudTooltip(loaded, cloud('lab')), /\nusername: alice {2}← secure\.yaml\n/);
});
