// The editor uses what the explorer knows (issue 15 item 7), as a person meets it: clouds.yaml
// names a region the cloud does not have; once the explorer has a token for that cloud (its
// catalog lists RegionOne), region_name is underlined, and the quick fix menu offers the
// catalog's regions, the closest first; choosing one fixes the value. Before any token, nothing
// is said. Screenshot: regionNameQuickFixFromCatalog.png (the quick fix menu on the value).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { expandPath, openViewContainer, waitForRow, waitForTreeLabels } from '../workbench.mjs';

const WRONG = 'RegionOen';

/** The test cloud's clouds.yaml with local-password's region_name misspelt. */
function withWrongRegion(text) {
  const start = text.indexOf('  local-password:');
  const end = text.indexOf('\n  local-', start + 1);
  const block = text.slice(start, end);
  assert.match(block, /\n {4}region_name: RegionOne\n/);
  return text.slice(0, start) + block.replace('region_name: RegionOne', `region_name: ${WRONG}`) + text.slice(end);
}

/** The text of the editor's line that contains `needle`, as rendered. */
async function renderedLine(page, needle) {
  const line = page.locator('.monaco-editor .view-line', { hasText: needle }).first();
  await line.waitFor({ timeout: 15000 });
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

export async function regionNameQuickFixFromCatalog(t) {
  const page = await t.open(t.workspace({ 'clouds.yaml': withWrongRegion(fs.readFileSync(t.cloudsYaml, 'utf8')) }, 'my-clouds'));
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
  await waitForRow(page, 'Clouds', ['local-password'], { description: WRONG });

  // Open clouds.yaml: no token yet, so nothing is said about the region.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('clouds.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'clouds.yaml' }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  const value = page.locator('.monaco-editor .view-lines span', { hasText: new RegExp(`^${WRONG}$`) }).last();
  await value.waitFor({ timeout: 15000 });
  await page.waitForTimeout(1500); // the diagnostics of the opened file are in
  assert.equal(await page.locator('.monaco-editor .squiggly-warning').count(), 0, 'a region is judged before any catalog is known');

  // Expanding Images makes a session: Keystone issues a token, whose catalog lists RegionOne.
  await expandPath(page, 'Clouds', ['local-password', 'Images']);
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });

  // The quick fix menu on the value offers the catalog's regions, RegionOne first.
  await value.click();
  await page.keyboard.press('Control+.');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Change to 'RegionOne'" }).first();
  await fix.waitFor({ timeout: 15000 });
  const titles = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((s) => s.trim()).filter((s) => s.startsWith('Change to'));
  assert.equal(titles[0], "Change to 'RegionOne'", `quick fixes: ${JSON.stringify(titles)}`);
  await t.screenshot();
  await fix.click();
  assert.match(await renderedLine(page, 'region_name: RegionOne'), /^ {4}region_name: RegionOne$/);
  // The fixed value is in the catalog: its warning goes.
  const gone = Date.now() + 15000;
  while ((await page.locator('.monaco-editor .squiggly-warning').count()) > 0 && Date.now() < gone) await page.waitForTimeout(200);
  assert.equal(await page.locator('.monaco-editor .squiggly-warning').count(), 0, 'the warning stays after the fix');
}
