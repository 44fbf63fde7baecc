// Back never aborts a wizard: Back on the name step of "Upload Image…" returns to its clouds
// step (it once closed the wizard and logged an empty `Error:`), and the clouds step, the first,
// offers no Back at all.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
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

// "Upload Image from URL…": the URL step refuses what is not http(s) as it is typed, the name
// step proposes the URL's file name, and Back goes from the name to the clouds to the URL.
export async function uploadFromUrlWizardChecksTheUrlAndGoesBack(t) {
  const clouds = fs.readFileSync(path.join(repoRoot, 'test/fixtures/clouds/two-clouds.yaml'), 'utf8');
  const page = await t.open(t.workspace({ 'clouds.yaml': clouds }));
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['home-lab', 'edge-cloud']);
  await runCommand(page, 'OpenStack: Upload Image from URL…');
  await waitForTitle(page, 'Upload Image from URL (1/3)');
  assert.equal(await backButton(page).count(), 0, 'the first step offers no Back');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('ftp://mirror.example/noble.img');
  await page.locator('.quick-input-widget .quick-input-message', { hasText: 'only http and https URLs' }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await waitForTitle(page, 'Upload Image from URL (1/3)');
  await input.fill('http://127.0.0.1:9/images/noble-server-cloudimg-amd64.img');
  await page.keyboard.press('Enter');
  await waitForTitle(page, 'Upload Image from URL (2/3)');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'home-lab' }).first().click();
  await page.keyboard.press('Enter');
  await waitForTitle(page, 'Upload Image from URL (3/3)');
  assert.equal(await input.inputValue(), 'noble-server-cloudimg-amd64');
  await t.screenshot();
  await backButton(page).click();
  await waitForTitle(page, 'Upload Image from URL (2/3)');
  await backButton(page).click();
  await waitForTitle(page, 'Upload Image from URL (1/3)');
  assert.equal(await input.inputValue(), 'http://127.0.0.1:9/images/noble-server-cloudimg-amd64.img', 'the URL typed is kept');
  await page.keyboard.press('Escape');
}

// From the command palette, against the local OpenStack: an image served on loopback goes to
// local-appcred by its own web-download import and to local-tasks (no web-download) by our stream.
export async function uploadFromUrlToCloudsWithAndWithoutWebDownload(t) {
  const cloudsYaml = t.cloudsYaml;
  const name = `ui-url-${crypto.randomBytes(2).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-url-'));
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'cirros.qcow2'), '16M']);
  const image = fs.readFileSync(path.join(dir, 'cirros.qcow2'));
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-length': image.length }).end(image));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/images/${name}.qcow2`;
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(cloudsYaml, 'utf8') }, 'my-clouds'));
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await runCommand(page, 'OpenStack: Upload Image from URL…');
    await waitForTitle(page, 'Upload Image from URL (1/3)');
    await page.locator('.quick-input-widget .quick-input-box input').fill(url);
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Upload Image from URL (2/3)');
    for (const target of ['local-appcred/RegionOne', 'local-tasks/RegionOne']) await page.locator('.quick-input-list .monaco-list-row', { hasText: target }).first().click();
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Upload Image from URL (3/3)');
    assert.equal(await page.locator('.quick-input-widget .quick-input-box input').inputValue(), name, 'the name proposed is the URL\'s file name');
    await page.keyboard.press('Enter');
    // Every cloud succeeded: no toast; the status bar names the upload and opens the Results view.
    const item = page.locator('.statusbar-item', { hasText: `Upload of ${name}: 2/2` }).first();
    await item.waitFor({ timeout: 120000 });
    assert.equal(await page.locator('.notification-toast', { hasText: `Upload of ${name}` }).count(), 0, 'no toast for a routine success');
    await item.click();
    const results = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const action = results.locator('.action', { hasText: `Upload of ${name}` });
    const streamed = action.locator('.target', { hasText: 'local-tasks/RegionOne' });
    await streamed.waitFor({ timeout: 30000 });
    assert.match(await streamed.innerText(), /streamed \(tasks\)/);
    assert.match(await action.locator('.target', { hasText: 'local-appcred/RegionOne' }).innerText(), /web-download/);
    await t.screenshot();
  } finally {
    server.closeAllConnections();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'delete', 'image', name, '--cloud', 'local-appcred', '--cloud', 'local-tasks'],
        { env: { ...process.env, OPENSTACK_CLOUDS_FILE: cloudsYaml }, stdio: 'ignore' });
    } catch {
      // not uploaded (the test failed before): nothing to delete
    }
  }
}
