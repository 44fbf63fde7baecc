// Retry uses what the user fixed: the failed targets are looked up again, by cloud and region
// name, among the clouds resolved from the files as they are now; the CloudRegion objects of the
// failed run (with the wrong password) are never reused.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { loadCloudsConfig, resolveClouds, type CloudRegion } from '../../extension/config/index';
import { regionsNow, sameConfigFiles } from '../../extension/ui/actions/retryTargets';

const cloudsYaml = (password: string, regions = '[RegionOne, RegionTwo]') => `clouds:
  lab:
    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: ${password}, project_name: p, user_domain_name: Default, project_domain_name: Default}
    regions: ${regions}
  other:
    auth: {auth_url: "http://127.0.0.1:5000/v3", username: u, password: x, project_name: p, user_domain_name: Default, project_domain_name: Default}
`;

async function load(dir: string) {
  return loadCloudsConfig({ environment: { cwd: dir, env: {}, home: path.join(dir, 'home'), platform: 'linux' }, cloudsFile: path.join(dir, 'clouds.yaml') });
}
const password = (r: CloudRegion) => (r.config.auth as { password?: string }).password;

test('regionsNow: after the password is fixed in clouds.yaml, Retry gets the regions with the new password', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-retry-'));
  try {
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), cloudsYaml('wrong'));
    const before = await load(dir);
    const failed = resolveClouds(before).regions.filter((r) => r.name === 'lab');
    assert.deepEqual(failed.map(password), ['wrong', 'wrong']);

    fs.writeFileSync(path.join(dir, 'clouds.yaml'), cloudsYaml('right'));
    const after = await load(dir);
    assert.equal(sameConfigFiles(before, after), false);
    const { targets, gone } = regionsNow(failed, resolveClouds(after).regions);
    assert.deepEqual(targets.map((r) => [r.name, r.region_name, password(r)]), [['lab', 'RegionOne', 'right'], ['lab', 'RegionTwo', 'right']]);
    assert.deepEqual(gone, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('regionsNow: a region removed meanwhile is named as gone, the others are retried', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-retry-'));
  try {
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), cloudsYaml('wrong'));
    const failed = resolveClouds(await load(dir)).regions;
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), cloudsYaml('right', '[RegionOne]'));
    const { targets, gone } = regionsNow(failed, resolveClouds(await load(dir)).regions);
    assert.deepEqual(targets.map((r) => `${r.name}/${r.region_name}`), ['lab/RegionOne', 'other/']);
    assert.deepEqual(gone, ['lab/RegionTwo']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sameConfigFiles: the same files read twice are the same (Retry then fires no reload)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-retry-'));
  try {
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), cloudsYaml('x'));
    assert.equal(sameConfigFiles(await load(dir), await load(dir)), true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
