// With no clouds.yaml anywhere, the OpenStack view says so and offers to open or create one;
// its "Create clouds.yaml" button writes the template and the tree then shows its cloud.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { activeEditorTab, openViewContainer, viewPane, waitForTreeLabels } from '../workbench.mjs';

/** Clouds files the run folder cannot hide (HOME, XDG and OS_* are isolated by createRunDir). */
function machineCloudsFiles() {
  return ['clouds', 'secure', 'clouds-public'].flatMap((kind) => ['yaml', 'yml', 'json'].map((ext) => `/etc/openstack/${kind}.${ext}`))
    .filter((f) => fs.existsSync(f));
}

async function openWelcome(t) {
  const leaked = machineCloudsFiles();
  assert.deepEqual(leaked, [], 'this machine has clouds files in /etc/openstack, which the test cannot hide');
  const workspace = t.workspace({ 'README.txt': 'a workspace without clouds.yaml\n' });
  const page = await t.open(workspace);
  await openViewContainer(page, 'OpenStack');
  const welcome = viewPane(page, 'Clouds').locator('.welcome-view-content');
  await welcome.waitFor({ timeout: 30000 });
  return { page, welcome, workspace };
}

export async function welcomeViewWithoutCloudsYaml(t) {
  const { welcome } = await openWelcome(t);
  await welcome.getByText('No clouds.yaml found').waitFor({ timeout: 10000 });
  const buttons = (await welcome.locator('.monaco-button').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(buttons, ['Open clouds.yaml', 'Create clouds.yaml']);
  await t.screenshot();
}

export async function createButtonWritesTemplateAndTreeShowsIt(t) {
  const { page, welcome, workspace } = await openWelcome(t);
  await welcome.locator('.monaco-button', { hasText: 'Create clouds.yaml' }).click();
  // With a workspace open, the command asks where; pick the workspace.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'In this workspace' }).click({ timeout: 15000 });
  const file = path.join(workspace, 'clouds.yaml');
  const written = () => fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('my-cloud:');
  for (const deadline = Date.now() + 15000; !written(); await page.waitForTimeout(100)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written`);
  }
  assert.equal(await activeEditorTab(page), 'clouds.yaml');
  await waitForTreeLabels(page, 'Clouds', ['my-cloud']);
  await t.screenshot();
}
