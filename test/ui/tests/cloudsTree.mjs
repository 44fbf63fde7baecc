// A workspace clouds.yaml with two clouds: both are rows of the Clouds tree, and a row opens
// the cloud's definition.
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
  await t.screenshot();
}
