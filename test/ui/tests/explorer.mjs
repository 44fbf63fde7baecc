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
import { answerInput, answerSecret, checkPickRow, expandPath, quickInputStep, quickOpen, runCommand, showCloudsView, treeRows, viewPane, waitForRow, withoutSecret } from '../workbench.mjs';

const CLI = path.join(repoRoot, 'dist', 'cli.js');

function cli(cloudsYaml, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: cloudsYaml }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
    await showCloudsView(page, ['local-password', 'local-appcred', 'local-tasks']);
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

/** Waits for the boot wizard step whose title ends with `(n/10)` (and its items, for a picker); returns the widget. */
const step = (page, n, { picker = true } = {}) => quickInputStep(page, n, 10, { picker });

export async function bootWizardBootsServerWithPublicIp(t) {
  const cloudsYaml = t.cloudsYaml;
  const name = `ui-wizard-${crypto.randomBytes(2).toString('hex')}`;
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(cloudsYaml, 'utf8') }, 'my-clouds'));
    await showCloudsView(page, ['local-password', 'local-appcred', 'local-tasks']);
    await runCommand(page, 'OpenStack: Boot Server');

    await step(page, 1);
    await checkPickRow(page, 'local-password/RegionOne');
    await page.keyboard.press('Enter');
    await step(page, 2);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'test-image' }).first().click();
    await step(page, 3);
    const flavors = (await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual(flavors.slice(0, 2), ['m1.tiny', 'm1.small'], 'flavors smallest first');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'm1.tiny' }).first().click();
    await step(page, 4);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Automatic' }).first().click();
    const groups = await step(page, 5);
    const defaultGroup = groups.locator('.quick-input-list .monaco-list-row', { hasText: 'default' }).first();
    assert.equal(await defaultGroup.getAttribute('aria-checked'), 'true', 'the "default" security group is checked');
    await page.keyboard.press('Enter');
    const keys = await step(page, 6);
    const internet = keys.locator('.quick-input-list .monaco-list-row', { hasText: 'Make sure it is on the internet' });
    assert.equal(await internet.getAttribute('aria-checked'), 'true', 'auto IP is on by default where the cloud has floating IPs');
    await t.screenshot('-step5');
    await page.keyboard.press('Enter');
    await step(page, 7, { picker: false });
    await answerInput(page, name);
    await step(page, 8, { picker: false });
    await page.keyboard.press('Enter'); // one server
    await step(page, 9);
    await page.keyboard.press('Enter'); // no user data
    // The review: what local-password gets, before anything is created; "Boot" is highlighted.
    const review = await step(page, 10);
    const reviewText = await review.locator('.quick-input-list').innerText();
    for (const expected of [`Server`, name, 'Image', 'test-image', 'Flavor', 'm1.tiny', 'Network', 'automatic', 'Key pair', 'Security groups', 'default', 'On the internet']) {
      assert.ok(reviewText.includes(expected), `the review shows ${expected}: ${reviewText}`);
    }
    assert.match(reviewText, /yes: (new|existing) floating IP/, 'the review says how the server gets on the internet');
    await t.screenshot('-review');
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
