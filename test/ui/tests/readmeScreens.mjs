// The README's screenshots, made by a real run and checked like any UI test: once in the light
// and once in the dark default theme (the user settings' workbench.colorTheme), against the local
// test OpenStack, in two throwaway projects of this run (test/cloud/python/scratch_projects.py,
// as clouds lab-east and lab-west), so that every list shows exactly what the run made, whatever
// else the shared cloud holds. An image file is uploaded to both and to edge-lab, which cannot be
// reached: the summary "2/3 succeeded" with Retry Failed; the
// boot wizard boots two servers on each cloud with a key pair and a floating IP, its review shown
// before "Boot"; then the Results view, the tree with a server's context menu, and the server's
// details. Each screenshot is taken after what it shows is asserted:
// test-results/ui/readmeScreens<Theme>-<view>.png, and with UPDATE_README_SCREENSHOT=1 also
// media/screenshot-<view>-<light|dark>.png (the README's). The projects, and all in them, go in `finally`.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { answerInput, activeEditorTab, expandPath, openViewContainer, pickRow, quickInputStep, quickOpen, runCommand, setPickRowChecked, treeRows, viewPane, waitForRow, waitForTreeLabels, widenSideBar } from '../workbench.mjs';

const CLOUDS = ['lab-east', 'lab-west'];
const SCRATCH = path.join(repoRoot, 'test', 'cloud', 'python', 'scratch_projects.py');
const IMAGE = 'demo-image';
const SERVER = 'web';
const KEY = 'demo-key';
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

export async function readmeScreensLight(t) {
  await readmeScreens(t, 'light');
}

export async function readmeScreensDark(t) {
  await readmeScreens(t, 'dark');
}

/** A closed port on 127.0.0.1: a cloud there fails at once, without touching the test cloud. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Sets the user settings' colour theme (the workbench opened next uses it); returns the restore. */
function useTheme(t, theme) {
  const file = path.join(t.run.userData, 'User', 'settings.json');
  const before = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(before), 'workbench.colorTheme': THEMES[theme] }, null, 2));
  return () => fs.writeFileSync(file, before);
}

/**
 * The run's screenshot (and with UPDATE_README_SCREENSHOT=1 the README's copy) once the tree's
 * lists show this run's image and servers and nothing else (no ERROR server either);
 * `before` sets the scene after that check.
 */
async function shoot(t, page, view, theme, before = async () => {}) {
  const rows = await treeRows(page, 'Clouds');
  const listed = rows.filter((r) => r.level === 3).map((r) => r.label);
  assert.deepEqual(listed.filter((l) => l !== IMAGE && !l.startsWith(`${SERVER}-`)), [], `the ${view} screenshot shows what this run did not make`);
  assert.deepEqual(rows.filter((r) => /^ERROR\b/.test(r.description)).map((r) => r.label), [], `the ${view} screenshot shows ERROR servers`);
  await before();
  const shot = await t.screenshot(`-${view}`);
  if (process.env.UPDATE_README_SCREENSHOT) fs.copyFileSync(shot, path.join(repoRoot, 'media', `screenshot-${view}-${theme}.png`));
}

/** Checks (or unchecks) a multi-select row. */
const check = (page, label, want = true) => setPickRowChecked(page, pickRow(page, label), want);

/** Waits for the quick input step whose title holds `(n/total)` and for its first row. */
const step = (page, n, total, { picker = true } = {}) => quickInputStep(page, n, total, { picker });

/** Opens a server row's context menu (clicked at its right end, so the menu leaves the tree visible); returns its Show Details item. */
async function openServerMenu(page, name) {
  const menus = page.locator('.monaco-menu');
  if (await menus.count()) {
    await page.keyboard.press('Escape'); // a menu still open
    await menus.first().waitFor({ state: 'detached', timeout: 5000 });
  }
  const row = viewPane(page, 'Clouds').locator('.monaco-list-row', { hasText: name }).first();
  const box = await row.boundingBox();
  await row.click({ button: 'right', position: { x: box.width - 60, y: box.height / 2 } });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Show Details' }).first();
  await item.waitFor({ timeout: 15000 });
  return item;
}

/**
 * Show Details from the row's context menu: its editor opens. (The menu of a server row that a
 * reload of the list had just put there once gave the command nothing: explorer/childrenGate.ts.)
 */
async function showDetails(page, name) {
  const tab = page.locator('.tabs-container .tab.active', { hasText: name });
  const stale = page.locator('.notification-toast', { hasText: 'it was given nothing' });
  const item = page.locator('.monaco-menu .action-item', { hasText: 'Show Details' });
  if ((await item.count()) !== 1) await openServerMenu(page, name);
  await item.first().hover();
  await item.first().click();
  const opened = await Promise.race([tab.waitFor({ timeout: 15000 }).then(() => true), stale.waitFor({ timeout: 15000 }).then(() => false)]);
  if (!opened) throw new Error(`Show Details of ${name}: the command was given no row (${await stale.first().innerText()})`);
}

/** The operator's clouds.yaml of the local test OpenStack (test/cloud/up writes its path next to the users'). */
function adminCloudsYaml(cloudsYaml) {
  return JSON.parse(fs.readFileSync(path.join(path.dirname(cloudsYaml), 'test-cloud.json'), 'utf8')).adminCloudsYaml;
}

async function readmeScreens(t, theme) {
  const admin = adminCloudsYaml(t.cloudsYaml);
  const prefix = `ui-readme-${crypto.randomBytes(3).toString('hex')}`;
  const scratch = (...args) => promisify(execFile)('/usr/bin/python3', [SCRATCH, ...args], { encoding: 'utf8', timeout: 300_000 });
  const image = IMAGE;
  const server = SERVER;
  const key = KEY;
  const restoreTheme = useTheme(t, theme);
  try {
    // Two projects of this run, each with the key pair KEY, as the clouds lab-east and lab-west.
    const base = (await scratch('create', admin, prefix, key, ...CLOUDS)).stdout;
    const offline = ['  edge-lab:', '    auth:', `      auth_url: http://127.0.0.1:${await closedPort()}/v3`, '      username: demo', '      password: not-a-secret',
      '      project_name: demo', '      user_domain_name: Default', '      project_domain_name: Default', '    region_name: RegionOne', ''].join('\n');
    const folder = t.workspace({ 'clouds.yaml': `${base.trimEnd()}\n${offline}` }, 'my-clouds');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(folder, `${image}.qcow2`), '16M']);
    const page = await t.open(folder);
    await openViewContainer(page, 'OpenStack');
    await widenSideBar(page, 460);
    await waitForTreeLabels(page, 'Clouds', [...CLOUDS, 'edge-lab']);
    for (const c of CLOUDS) await expandPath(page, 'Clouds', [c, 'Images']);

    // Upload: both clouds take it, edge-lab cannot be reached: one summary with Retry Failed.
    await quickOpen(page, `${image}.qcow2`);
    assert.equal(await activeEditorTab(page), `${image}.qcow2`); // the file the upload takes
    await page.waitForTimeout(500); // the editor has the focus (it would close the palette)
    await runCommand(page, 'OpenStack: Upload Image…');
    await step(page, 1, 2);
    for (const target of [...CLOUDS.map((c) => `${c}/RegionOne`), 'edge-lab/RegionOne']) await check(page, target);
    await page.keyboard.press('Enter');
    await step(page, 2, 2, { picker: false });
    assert.equal(await page.locator('.quick-input-widget .quick-input-box input').inputValue(), image, 'the proposed name is the file name');
    await page.keyboard.press('Enter');
    await runCommand(page, 'View: Close All Editors'); // the image file's editor says only that it is binary
    const summary = page.locator('.notification-toast', { hasText: `Upload of ${image}: 2/3 succeeded` });
    await summary.waitFor({ timeout: 180_000 });
    assert.match(await summary.innerText(), /failed: edge-lab\/RegionOne/);
    for (const button of ['Retry Failed', 'Show Log', 'Show Results']) assert.equal(await summary.locator('.monaco-button', { hasText: button }).count(), 1, `the summary offers ${button}`);
    for (const c of CLOUDS) await waitForRow(page, 'Clouds', [c, 'Images', image], { timeoutMs: 60000 });
    await page.waitForTimeout(500); // the toast has slid in
    await shoot(t, page, 'upload-summary', theme);
    await runCommand(page, 'Notifications: Clear All Notifications');
    await summary.waitFor({ state: 'detached', timeout: 15000 });

    await runCommand(page, 'View: Close All Editors');

    // Boot: two servers on each of two clouds, every step, then the review before anything is created.
    await runCommand(page, 'OpenStack: Boot Server');
    await step(page, 1, 10);
    for (const c of CLOUDS) await check(page, `${c}/RegionOne`);
    await check(page, 'edge-lab/RegionOne', false); // checked: the upload's clouds are remembered
    await page.keyboard.press('Enter');
    await step(page, 2, 10);
    await pickRow(page, image).click();
    await step(page, 3, 10);
    await pickRow(page, 'm1.tiny').click();
    await step(page, 4, 10);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Automatic' }).first().click();
    await step(page, 5, 10);
    await page.keyboard.press('Enter'); // security groups: "default", checked
    await step(page, 6, 10);
    await check(page, key);
    const internet = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Make sure it is on the internet' }).first();
    assert.equal(await internet.getAttribute('aria-checked'), 'true', 'on the internet by default');
    await page.keyboard.press('Enter');
    await step(page, 7, 10, { picker: false });
    await answerInput(page, server);
    await step(page, 8, 10, { picker: false });
    await answerInput(page, '2');
    await step(page, 9, 10);
    await pickRow(page, 'No user data').waitFor({ timeout: 30000 });
    await page.keyboard.press('Enter');
    const review = await step(page, 10, 10);
    for (const c of CLOUDS) await review.locator('.quick-input-list .monaco-list-row', { hasText: `${c}/RegionOne` }).first().waitFor({ timeout: 30000 });
    const reviewText = await review.locator('.quick-input-list').innerText();
    for (const expected of ['Boot', `${server}-1`, `${server}-2`, image, 'm1.tiny', 'automatic', key, 'default']) {
      assert.ok(reviewText.includes(expected), `the review shows ${expected}: ${reviewText}`);
    }
    assert.match(reviewText, /yes: (new|existing) floating IP/);
    assert.doesNotMatch(reviewText, /not reachable by SSH|no match/, 'the review warns about nothing');
    await shoot(t, page, 'boot-review', theme);
    await page.keyboard.press('Enter');

    // The Results view: the upload's three clouds and the boot's two, each server with its address.
    const booted = page.locator('.notification-toast', { hasText: `Boot of ${server}` });
    await booted.waitFor({ timeout: 300_000 });
    await booted.locator('.monaco-button', { hasText: 'Show Results' }).click();
    const results = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const boot = results.locator('.action', { hasText: `Boot of ${server}` });
    for (const c of CLOUDS) {
      const card = boot.locator('.target', { hasText: `${c}/RegionOne` });
      await card.first().waitFor({ timeout: 30000 });
      const text = (await card.allInnerTexts()).join('\n');
      assert.match(text, /2\/2 ACTIVE/, `${c}: ${text}`);
      for (const n of [1, 2]) assert.match(text, new RegExp(`${server}-${n}\\s+ACTIVE 203\\.0\\.113\\.\\d+`), `${c}: ${text}`);
    }
    await results.locator('.action', { hasText: `Upload of ${image}` }).locator('.target', { hasText: 'edge-lab/RegionOne' }).waitFor({ timeout: 10000 });
    await runCommand(page, 'Notifications: Clear All Notifications');
    await shoot(t, page, 'results', theme);
    await runCommand(page, 'View: Close All Editors');

    // The tree: the image and both servers on each cloud, ACTIVE with a public address.
    for (const c of CLOUDS) {
      await expandPath(page, 'Clouds', [c, 'Servers']);
      for (const n of [1, 2]) await waitForRow(page, 'Clouds', [c, 'Servers', `${server}-${n}`], { timeoutMs: 60000 });
    }
    for (const deadline = Date.now() + 120_000; ; await page.waitForTimeout(500)) {
      const ours = (await treeRows(page, 'Clouds')).filter((r) => r.label.startsWith(`${server}-`));
      // Booted two per cloud, they are a fleet: each row says so after its address.
      if (ours.length === 2 * CLOUDS.length && ours.every((r) => r.description.startsWith('ACTIVE · 203.0.113.') && r.description.endsWith(` · fleet ${server}`))) break;
      if (Date.now() > deadline) throw new Error(`our servers did not settle: ${JSON.stringify(ours)}`);
    }
    await shoot(t, page, 'tree', theme, async () => (await openServerMenu(page, `${server}-1`)).hover());

    // The details: a read-only YAML of the server as the cloud answered.
    await showDetails(page, `${server}-1`);
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    for (const expected of [`name: ${server}-1`, 'status: ACTIVE', `key_name: ${key}`, '203.0.113.']) {
      await editor.locator('.view-line', { hasText: expected }).first().waitFor({ timeout: 15000 });
    }
    await page.mouse.move(900, 700); // no tooltip of the tree over the picture
    await shoot(t, page, 'details', theme);
  } finally {
    restoreTheme();
    await scratch('delete', admin, prefix, ...CLOUDS).catch((e) => console.log(`    scratch projects ${prefix}-*: delete failed: ${e.stderr || e.message}`));
  }
}
