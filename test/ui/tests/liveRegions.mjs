// The editor uses what the explorer knows (issue 15 item 7), as a person meets it: clouds.yaml
// names a region the cloud does not have; once the explorer has a token for that cloud (its
// catalog lists RegionOne and RegionTwo), region_name is underlined, and the quick fix menu offers
// the catalog's regions, the closest first; choosing one fixes the value and the warning goes.
// Before any token, nothing is said. The cloud is a small Keystone of this test's own on
// 127.0.0.1 (it only issues tokens), so the test needs no shared cloud.
// Screenshots: regionNameQuickFixFromCatalog.png (the quick fix menu on the value) and
// regionNameQuickFixFromCatalog-hover.png (the warning's text).
import assert from 'node:assert/strict';
import http from 'node:http';
import { expandPath, openViewContainer, quickOpen, waitForRow, waitForTreeLabels } from '../workbench.mjs';

const WRONG = 'RegionOen';

/** A Keystone v3 that gives any password a token whose catalog has an image service in two regions. */
async function startKeystone() {
  let tokens = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v3/auth/tokens') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error": {"code": 404, "message": "not here"}}');
        return;
      }
      tokens++;
      const base = `http://127.0.0.1:${server.address().port}`;
      const endpoints = ['RegionOne', 'RegionTwo'].map((region, i) => ({ id: `e${i}`, interface: 'public', region_id: region, region, url: `${base}/image/${region}` }));
      const token = { expires_at: new Date(Date.now() + 3600_000).toISOString(), project: { id: 'p1' }, user: { id: 'u1' }, catalog: [{ id: 's1', type: 'image', name: 'glance', endpoints }] };
      res.writeHead(201, { 'content-type': 'application/json', 'x-subject-token': `tok-${tokens}` }).end(JSON.stringify({ token }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}/v3`, tokens: () => tokens };
}

/** The text of the editor's line that contains `needle`, as rendered. */
async function renderedLine(page, needle) {
  const line = page.locator('.monaco-editor .view-line', { hasText: needle }).first();
  await line.waitFor({ timeout: 15000 });
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

export async function regionNameQuickFixFromCatalog(t) {
  const keystone = await startKeystone();
  try {
    const yaml = ['clouds:', '  demo:', '    auth:', `      auth_url: ${keystone.url}`, '      username: demo', '      password: demo-secret', '      project_name: demo',
      '      user_domain_name: Default', '      project_domain_name: Default', `    region_name: ${WRONG}`, '    interface: public', ''].join('\n');
    const page = await t.open(t.workspace({ 'clouds.yaml': yaml }, 'my-clouds'));
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', ['demo']);

    // Open clouds.yaml: no token yet, so nothing is said about the region.
    await quickOpen(page, 'clouds.yaml');
    const value = page.locator('.monaco-editor .view-lines span', { hasText: new RegExp(`^${WRONG}$`) }).last();
    await value.waitFor({ timeout: 15000 });
    await page.waitForTimeout(1500); // the diagnostics of the opened file are in
    assert.equal(await page.locator('.monaco-editor .squiggly-warning').count(), 0, 'a region is judged before any catalog is known');
    assert.equal(keystone.tokens(), 0);

    // Expanding Images makes a session: Keystone issues a token whose catalog lists the regions.
    await expandPath(page, 'Clouds', ['demo', 'Images']);
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30000 });
    assert.ok(keystone.tokens() >= 1);

    // Its hover says what is wrong and what the catalog offers.
    await value.hover();
    await page.locator('.monaco-hover', { hasText: "region 'RegionOen' is not in the cloud's catalog (it offers RegionOne, RegionTwo)" }).first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(600); // the hover fades in
    await t.screenshot('-hover');
    await page.keyboard.press('Escape');

    // The quick fix menu on the value offers the catalog's regions, RegionOne (the closest) first.
    await value.click();
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    const fix = rows.filter({ hasText: "Change to 'RegionOne'" }).first();
    await fix.waitFor({ timeout: 15000 });
    const titles = (await rows.allInnerTexts()).map((s) => s.trim()).filter((s) => s.startsWith('Change to'));
    assert.deepEqual(titles, ["Change to 'RegionOne'", "Change to 'RegionTwo'"]);
    await t.screenshot();
    await page.keyboard.press('Enter'); // the first fix is the focused one
    assert.match(await renderedLine(page, 'region_name: RegionOne'), /^ {4}region_name: RegionOne$/);
    // RegionOne is in the catalog: the warning goes.
    const gone = Date.now() + 15000;
    while ((await page.locator('.monaco-editor .squiggly-warning').count()) > 0 && Date.now() < gone) await page.waitForTimeout(200);
    assert.equal(await page.locator('.monaco-editor .squiggly-warning').count(), 0, 'the warning stays after the fix');
    await waitForRow(page, 'Clouds', ['demo'], { timeoutMs: 1000 });
  } finally {
    keystone.server.closeAllConnections();
    keystone.server.close();
  }
}
