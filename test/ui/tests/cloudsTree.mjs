// A workspace clouds.yaml with two clouds: both are rows of the Clouds tree, and a row opens
// the cloud's definition. The screenshot of this test is the README's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { activeEditorTab, openViewContainer, viewPane, waitForTreeLabels } from '../workbench.mjs';

export async function cloudsFromWorkspaceFileAreTreeRows(t) {
  const clouds = fs.readFileSync(path.join(repoRoot, 'test/fixtures/clouds/two-clouds.yaml'), 'utf8');
  const page = await t.open(t.workspace({ 'clouds.yaml': clouds }, 'my-clouds'));
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['home-lab', 'edge-cloud']); // throws unless the rows are exactly these

  await viewPane(page, 'Clouds').locator('.monaco-list-row', { hasText: 'edge-cloud' }).click();
  assert.equal(await activeEditorTab(page), 'clouds.yaml');
  const shot = await t.screenshot();
  // UPDATE_README_SCREENSHOT=1 npm run test:ui refreshes the picture in the README.
  if (process.env.UPDATE_README_SCREENSHOT) fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshot-clouds.png'));
}
