// The explorer's filters as a person uses them, against the local test OpenStack. "Filter
// Clouds…" in the view's title unchecks a cloud in the quick pick: its row goes, the view says
// "3 of 4 clouds" (description and message), and the hidden cloud (its auth_url a loopback trap counting requests) is
// never logged in to while the others load. "Filter…" on the Images row narrows it to the rows
// that match, and the row says so. Screenshots: filtersHideACloud.png, textFilterNarrowsImages.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { expandPath, inlineActionOfRow, runCommand, showCloudsView, viewPane, waitForRow, waitForRows, waitForTreeLabels } from '../workbench.mjs';

const CLOUDS = ['local-password', 'local-appcred', 'local-tasks'];
const CLI = path.join(repoRoot, 'dist', 'cli.js');

function cli(cloudsYaml, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: cloudsYaml }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
const TRAP = 'hidden-trap';

/** A loopback "identity service" that answers 401 and counts what reached it. */
async function trapServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"message":"trap"}}');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { requests, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}

function cloudsYaml(t, trapPort) {
  const trap = trapPort ? ['', `  ${TRAP}:`, '    auth:', `      auth_url: http://127.0.0.1:${trapPort}/v3`, '      username: nobody', '      password: not-a-secret',
    '      project_name: none', '      user_domain_name: Default', '      project_domain_name: Default', '    region_name: RegionOne', ''].join('\n') : '';
  return `${fs.readFileSync(t.cloudsYaml, 'utf8').trimEnd()}\n${trap}`;
}

export async function filtersHideACloud(t) {
  const trap = await trapServer();
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': cloudsYaml(t, trap.port) }, 'filters'));
    await showCloudsView(page, [...CLOUDS, TRAP]);

    await runCommand(page, 'OpenStack: Filter Clouds…');
    const box = page.locator('.quick-input-widget');
    await box.locator('.quick-input-title', { hasText: 'Clouds and regions the view shows' }).waitFor({ timeout: 15000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: TRAP }).first().click(); // unchecks it
    await page.keyboard.press('Enter');

    await waitForTreeLabels(page, 'Clouds', CLOUDS);
    // The view's description (in its header's label) and its message above the rows say so.
    await viewPane(page, 'Clouds').locator('.pane-header[aria-label*="3 of 4 clouds"]').waitFor({ state: 'attached', timeout: 15000 });
    await viewPane(page, 'Clouds').getByText('Filtered: 3 of 4 clouds shown.').waitFor({ timeout: 15000 });
    await expandPath(page, 'Clouds', ['local-password', 'Images']);
    await waitForRow(page, 'Clouds', ['local-password', 'Images', 'test-image']);
    assert.deepEqual(trap.requests, [], 'the hidden cloud was never asked for a token');
    await t.screenshot();
  } finally {
    await trap.close();
  }
}

export async function textFilterNarrowsImages(t) {
  // A second image of our own, so that the filter has a row to hide whatever else the cloud holds.
  const other = `ui-filter-${crypto.randomBytes(3).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-ui-filter-'));
  const file = path.join(dir, 'blank.raw');
  fs.writeFileSync(file, Buffer.alloc(1024));
  const [uploaded] = JSON.parse(cli(t.cloudsYaml, 'upload', file, '--cloud', 'local-password', '--name', other, '--disk-format', 'raw', '--no-convert', '--json')).results;
  assert.ok(uploaded.ok, `the CLI could not upload the image to hide: ${uploaded.error}`);
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': cloudsYaml(t) }, 'text-filter'));
    await showCloudsView(page, CLOUDS);
    await expandPath(page, 'Clouds', ['local-password', 'Images']);
    await waitForRow(page, 'Clouds', ['local-password', 'Images', other]);
    await waitForRow(page, 'Clouds', ['local-password', 'Images', 'test-image']);

    // "Filter…" is an inline action of the Images row.
    await inlineActionOfRow(page, 'Clouds', ['local-password', 'Images'], 'Filter…', page.locator('.quick-input-widget .quick-input-title', { hasText: 'Filter Images of local-password' }));
    await page.keyboard.type('test-image');
    await page.keyboard.press('Enter');

    const rows = await waitForRows(page, 'Clouds', 'the Images row to say it is filtered', (r) => /^“test-image”: \d+ of \d+\+?$/.test(r.find((x) => x.level === 2 && x.label === 'Images')?.description ?? ''));
    const start = rows.findIndex((r) => r.level === 2 && r.label === 'Images');
    const end = rows.findIndex((r, i) => i > start && r.level <= 2);
    const children = rows.slice(start + 1, end < 0 ? undefined : end).map((r) => r.label);
    assert.ok(children.includes('test-image') && !children.includes(other), JSON.stringify(children));
    assert.ok(children.every((l) => l.toLowerCase().includes('test-image')), `only matching rows remain: ${JSON.stringify(children)}`);
    const [shown, loaded] = rows[start].description.match(/(\d+) of (\d+)/).slice(1).map(Number);
    assert.ok(shown === children.length && loaded >= shown + 1, rows[start].description);
    await t.screenshot();
  } finally {
    cli(t.cloudsYaml, 'delete', 'image', other, '--cloud', 'local-password');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
