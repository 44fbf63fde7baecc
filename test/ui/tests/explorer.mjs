// The explorer against the local test OpenStack, as a person sees it: a cloud without its
// password asks for it in a masked box naming the cloud (and an application credential without
// its secret from its problem row), then the tree shows the clouds' real
// images and a server with its public IP, and a playbook naming a misspelt image gets the live
// warning. A server is booted with the CLI first (and deleted afterwards). The screenshot (test-results/ui/explorerShowsRealImagesAndServers.png, also
// copied to explorer.png) is the README's with UPDATE_README_SCREENSHOT=1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { answerSecret, expandPath, openViewContainer, quickOpen, runCommand, withoutSecret, treeRows, viewPane, waitForRow, waitForTreeLabels } from '../workbench.mjs';

const CLI = path.join(repoRoot, 'dist', 'cli.js');

function cli(cloudsYaml, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: cloudsYaml }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Drags the sash right of the side bar so that rows show their descriptions in full. */
async function widenSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

export async function explorerShowsRealImagesAndServers(t) {
  const cloudsYaml = t.cloudsYaml;
  const server = `ui-web-${crypto.randomBytes(2).toString('hex')}`;
  const booted = JSON.parse(cli(cloudsYaml, 'boot', server, '--cloud', 'local-password', '--image', 'test-image', '--flavor', 'm1.tiny', '--auto-ip', '--json'))[0];
  assert.ok(booted.ok, `the CLI could not boot the server to show: ${booted.error}`);
  try {
    const yaml = withoutSecret(withoutSecret(fs.readFileSync(cloudsYaml, 'utf8'), 'local-password', 'password'), 'local-appcred', 'application_credential_secret');
    assert.doesNotMatch(yaml, /password-secret|appcred-secret/);
    const playbook = ['- hosts: localhost', '  tasks:', '    - name: Boot a web server', '      openstack.cloud.server:', '        cloud: local-password', '        name: web',
      '        image: test-imgae', '        flavor: m1.tiny', '        auto_ip: true', ''].join('\n');
    const page = await t.open(t.workspace({ 'clouds.yaml': yaml, 'boot.yml': playbook }, 'my-clouds'));
    await openViewContainer(page, 'OpenStack');
    await widenSideBar(page, 480);
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await waitForRow(page, 'Clouds', ['local-password'], { description: 'RegionOne · asks for password' });

    // Expanding Images needs a session: the password is asked for, masked, naming the cloud.
    await expandPath(page, 'Clouds', ['local-password', 'Images']);
    await answerSecret(page, 'password for cloud "local-password"', 'password-secret');

    const image = await waitForRow(page, 'Clouds', ['local-password', 'Images', 'test-image']);
    await waitForRow(page, 'Clouds', ['local-password'], { description: 'RegionOne', timeoutMs: 10000 }); // the password is known now
    assert.match(image.description, /^qcow2 · /);
    await expandPath(page, 'Clouds', ['local-password', 'Servers']);
    assert.match(booted.publicV4, /^203\.0\.113\./);
    await waitForRow(page, 'Clouds', ['local-password', 'Servers', server], { description: `ACTIVE · ${booted.publicV4}` });
    // An application credential without its secret does not resolve: its key row asks for it.
    await expandPath(page, 'Clouds', ['local-appcred']);
    await waitForRow(page, 'Clouds', ['local-appcred', 'local-appcred: v3applicationcredential needs application_credential_secret'], { description: 'V-10' });
    await viewPane(page, 'Clouds').locator('.monaco-list-row', { hasText: 'needs application_credential_secret' }).click();
    await answerSecret(page, 'application credential secret for cloud "local-appcred"', 'appcred-secret');
    await waitForRow(page, 'Clouds', ['local-appcred', 'RegionTwo']);
    assert.ok(!(await treeRows(page, 'Clouds')).some((r) => r.label.includes('application_credential_secret')), 'the secret rows are gone');
    await expandPath(page, 'Clouds', ['local-appcred', 'RegionTwo', 'Images']);
    await waitForRow(page, 'Clouds', ['local-appcred', 'RegionTwo', 'Images', 'test-image']);
    await expandPath(page, 'Clouds', ['local-tasks', 'Images']);
    await waitForRow(page, 'Clouds', ['local-tasks', 'Images', 'test-image']);
    // The images of local-password are loaded now: the playbook's misspelt image is flagged.
    await quickOpen(page, 'boot.yml');
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 20000 });
    await viewPane(page, 'Clouds').locator('.monaco-list-row', { hasText: server }).hover(); // shows the row's inline SSH button
    await page.locator('.monaco-editor .view-lines span', { hasText: /^test-imgae$/ }).last().hover();
    await page.locator('.monaco-hover', { hasText: "did you mean 'test-image'" }).first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(600); // the hover fades in

    const shot = await t.screenshot();
    fs.copyFileSync(shot, path.join(path.dirname(shot), 'explorer.png'));
    // UPDATE_README_SCREENSHOT=1 npm run test:ui refreshes the picture in the README.
    if (process.env.UPDATE_README_SCREENSHOT) fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshot-clouds.png'));
  } finally {
    cli(cloudsYaml, 'delete', 'server', server, '--cloud', 'local-password');
  }
}

/**
 * Checks the quick pick row with this label (multi-select pickers) and waits until the row says
 * so: a click that lands while the list re-renders is lost, so it is clicked again (at most 3 times).
 */
async function check(page, label) {
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  for (let attempt = 0; attempt < 3 && (await row.getAttribute('aria-checked')) !== 'true'; attempt++) {
    await row.locator('.monaco-checkbox, input[type=checkbox]').first().click();
    await page.waitForFunction((el) => el.getAttribute('aria-checked') === 'true', await row.elementHandle(), { timeout: 2000 }).catch(() => {});
  }
  assert.equal(await row.getAttribute('aria-checked'), 'true', `the row ${label} is checked`);
}

/** Waits for the quick input step whose title ends with `(n/6)` (and its items, for a picker); returns the widget. */
async function step(page, n, { picker = true } = {}) {
  const box = page.locator('.quick-input-widget');
  await box.locator('.quick-input-title', { hasText: `(${n}/6)` }).waitFor({ timeout: 30000 });
  if (picker) await box.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30000 });
  return box;
}

export async function bootWizardBootsServerWithPublicIp(t) {
  const cloudsYaml = t.cloudsYaml;
  const name = `ui-wizard-${crypto.randomBytes(2).toString('hex')}`;
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(cloudsYaml, 'utf8') }, 'my-clouds'));
    await openViewContainer(page, 'OpenStack');
    await widenSideBar(page, 480);
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await runCommand(page, 'OpenStack: Boot Server');

    await step(page, 1);
    await check(page, 'local-password/RegionOne');
    await page.keyboard.press('Enter');
    await step(page, 2);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'test-image' }).first().click();
    await step(page, 3);
    const flavors = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(flavors.slice(0, 2), ['m1.tiny', 'm1.small'], 'flavors smallest first');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'm1.tiny' }).first().click();
    await step(page, 4);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Automatic' }).first().click();
    const keys = await step(page, 5);
    const internet = keys.locator('.quick-input-list .monaco-list-row', { hasText: 'Make sure it is on the internet' });
    assert.equal(await internet.getAttribute('aria-checked'), 'true', 'auto IP is on by default where the cloud has floating IPs');
    await t.screenshot('-step5');
    await page.keyboard.press('Enter');
    await step(page, 6, { picker: false });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(name);
    await page.keyboard.press('Enter');

    const toast = page.locator('.notification-toast', { hasText: `Boot of ${name}: 1 of 1 cloud: ACTIVE` });
    await toast.waitFor({ timeout: 60000 });
    const text = await toast.innerText();
    assert.match(text, /local-password\/RegionOne 203\.0\.113\.\d+/);
    assert.ok(await toast.locator('.monaco-button', { hasText: 'Copy IP' }).count(), 'the summary offers Copy IP');

    // Show Results: the webview has the cloud's card with the server's state and address; its
    // Copy button goes through the extension (which knows the address; the page only names the row).
    await toast.locator('.monaco-button', { hasText: 'Show Results' }).click();
    const results = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const card = results.locator('.action', { hasText: `Boot of ${name}` }).locator('.target', { hasText: 'local-password/RegionOne' });
    await card.waitFor({ timeout: 30000 });
    const cardText = await card.innerText();
    assert.match(cardText, /ACTIVE/);
    const address = /Public IPv4\s+(203\.0\.113\.\d+)/.exec(cardText)?.[1];
    assert.ok(address, `the card shows the public IPv4: ${cardText}`);
    await card.locator('button', { hasText: `Copy ${address}` }).click();
    await page.locator('.statusbar', { hasText: `Copied ${address} (local-password/RegionOne)` }).waitFor({ timeout: 15000 });
    await t.screenshot('-results');
    await expandPath(page, 'Clouds', ['local-password', 'Servers']);
    await waitForRow(page, 'Clouds', ['local-password', 'Servers', name]);
    await t.screenshot();
  } finally {
    try {
      cli(cloudsYaml, 'delete', 'server', name, '--cloud', 'local-password');
    } catch {
      // not booted (the test failed before): nothing to delete
    }
  }
}
