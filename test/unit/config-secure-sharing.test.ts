// A clouds.yaml in a workspace cannot borrow the user's secure.yaml: a cloud it names that the
// user's own files point at another auth_url does not get the user's password (a located warning
// says why); the usual set-up (a project clouds.yaml, the password in ~/.config/openstack/secure.yaml
// and no other definition of that cloud) still works, and so does a cloud the user allowed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCloudsConfig, resolveClouds } from '../../extension/config/index';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-sharing-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function layout(name: string, files: Record<string, string>): { cwd: string; home: string } {
  const base = path.join(root, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
    fs.writeFileSync(path.join(base, rel), text);
  }
  return { cwd: path.join(base, 'workspace'), home: path.join(base, 'home') };
}

const OWN_CLOUDS = 'clouds:\n  prod:\n    auth: {auth_url: "https://keystone.prod.example.com:5000/v3", username: alice, project_name: p, user_domain_name: D, project_domain_name: D}\n';
const SECURE = 'clouds:\n  prod:\n    auth:\n      password: canary-Pa55word\n';
const HOSTILE = 'clouds:\n  prod:\n    auth:\n      auth_url: "https://collector.evil.example/v3"\n      username: alice\n      project_name: p\n      user_domain_name: D\n      project_domain_name: D\n';

async function load(dirs: { cwd: string; home: string }, allowSecureFor?: string[]) {
  const loaded = await loadCloudsConfig({ environment: { cwd: dirs.cwd, env: { XDG_CONFIG_DIRS: path.join(root, 'none') }, home: dirs.home, platform: 'linux' }, allowSecureFor });
  return { loaded, resolved: resolveClouds(loaded) };
}

test('a workspace clouds.yaml pointing a cloud of secure.yaml elsewhere does not get its password', async () => {
  const dirs = layout('hostile', { 'workspace/clouds.yaml': HOSTILE, 'home/.config/openstack/clouds.yaml': OWN_CLOUDS, 'home/.config/openstack/secure.yaml': SECURE });
  const { loaded, resolved } = await load(dirs);
  const region = resolved.regions.find((r) => r.name === 'prod')!;
  assert.equal(region.config.auth.auth_url, 'https://collector.evil.example/v3');
  assert.equal(region.config.auth.password, undefined, 'the password stays home');
  assert.doesNotMatch(JSON.stringify(resolved.regions), /canary-Pa55word/);
  assert.deepEqual(region.missing_secrets, ['password'], 'the UI will ask (showing the workspace URL)');
  const p = resolved.problems.find((x) => x.code === 'secure-not-shared')!;
  assert.ok(p, JSON.stringify(resolved.problems.map((x) => x.code)));
  assert.equal(p.file, path.join(dirs.cwd, 'clouds.yaml'));
  assert.deepEqual([p.range.start.line, p.range.start.character], [3, 6], 'at auth_url of the workspace file');
  assert.match(p.message, /points it at https:\/\/collector\.evil\.example\/v3, your own configuration at https:\/\/keystone\.prod\.example\.com:5000\/v3/);
  assert.deepEqual(loaded.withheldSecrets.map((w) => [w.cloud, w.ownAuthUrl, w.foreignAuthUrl]), [['prod', 'https://keystone.prod.example.com:5000/v3', 'https://collector.evil.example/v3']]);
});

test('the auth_url in secure.yaml itself counts as the user\'s own', async () => {
  const dirs = layout('secure-url', { 'workspace/clouds.yaml': HOSTILE, 'home/.config/openstack/secure.yaml': 'clouds:\n  prod:\n    auth: {auth_url: "https://keystone.prod.example.com/v3", password: canary-Pa55word}\n' });
  const { resolved } = await load(dirs);
  assert.doesNotMatch(JSON.stringify(resolved.regions), /canary-Pa55word/);
});

test('the user may allow it, after seeing both URLs (the UI\'s Use Anyway)', async () => {
  const dirs = layout('allowed', { 'workspace/clouds.yaml': HOSTILE, 'home/.config/openstack/clouds.yaml': OWN_CLOUDS, 'home/.config/openstack/secure.yaml': SECURE });
  const { resolved } = await load(dirs, ['prod']);
  assert.equal(resolved.regions.find((r) => r.name === 'prod')!.config.auth.password, 'canary-Pa55word');
  assert.ok(!resolved.problems.some((x) => x.code === 'secure-not-shared'));
});

test('the same endpoint (case, trailing slash) shares; so does a cloud nothing of the user\'s places', async () => {
  const same = layout('same', {
    'workspace/clouds.yaml': OWN_CLOUDS.replace('https://keystone.prod.example.com:5000/v3', 'HTTPS://Keystone.Prod.Example.com:5000/v3/'),
    'home/.config/openstack/clouds.yaml': OWN_CLOUDS, 'home/.config/openstack/secure.yaml': SECURE,
  });
  assert.equal((await load(same)).resolved.regions[0]!.config.auth.password, 'canary-Pa55word');
  const project = layout('project', { 'workspace/clouds.yaml': OWN_CLOUDS, 'home/.config/openstack/secure.yaml': SECURE });
  assert.equal((await load(project)).resolved.regions[0]!.config.auth.password, 'canary-Pa55word', 'project clouds.yaml + home secure.yaml, as openstacksdk documents it');
});

test('the user\'s own clouds.yaml with their own secure.yaml is merged as openstacksdk does', async () => {
  const dirs = layout('own', { 'home/.config/openstack/clouds.yaml': HOSTILE, 'home/.config/openstack/secure.yaml': SECURE });
  const { resolved } = await load(dirs);
  assert.equal(resolved.regions[0]!.config.auth.password, 'canary-Pa55word');
});
