// Back never aborts a wizard: Back on the name step of "Upload Image…" returns to its clouds
// step (it once closed the wizard and logged an empty `Error:`), and the clouds step, the first,
// offers no Back at all.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { activeEditorTab, openViewContainer, quickOpen, runCommand, waitForTreeLabels } from '../workbench.mjs';

const title = (page) => page.locator('.quick-input-widget .quick-input-title');
const backButton = (page) => page.locator('.quick-input-widget .quick-input-titlebar .action-label[aria-label^="Back"]');

async function waitForTitle(page, text) {
  const deadline = Date.now() + 15000;
  let shown = '';
  while (Date.now() < deadline) {
    shown = (await title(page).innerText().catch(() => '')).trim();
    if (shown.includes(text)) return shown;
    await page.waitForTimeout(100);
  }
  throw new Error(`the quick input shows "${shown}", expected "${text}"`);
}

export async function uploadWizardBackGoesOneStepBack(t) {
  const clouds = fs.readFileSync(path.join(repoRoot, 'test/fixtures/clouds/two-clouds.yaml'), 'utf8');
  const page = await t.open(t.workspace({ 'clouds.yaml': clouds, 'disk.qcow2': 'QFI\u00fb not really an image\n' }));
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['home-lab', 'edge-cloud']);
  // the image file in the active editor is the one the wizard uploads
  await quickOpen(page, 'disk.qcow2');
  assert.equal(await activeEditorTab(page), 'disk.qcow2');

  await runCommand(page, 'OpenStack: Upload Image…');
  await waitForTitle(page, 'Upload disk.qcow2 (1/2)');
  assert.equal(await backButton(page).count(), 0, 'the first step offers no Back');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'home-lab' }).first().click(); // checks it
  await page.keyboard.press('Enter');
  await waitForTitle(page, 'Upload disk.qcow2 (2/2)');
  await backButton(page).click();
  await waitForTitle(page, 'Upload disk.qcow2 (1/2)');
  await t.screenshot();
  await page.keyboard.press('Escape');
}
