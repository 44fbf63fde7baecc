// Small frictions, as a person meets them: the Clouds tree stays expanded where it was when
// clouds.yaml changes on disk (a save), the cloud row's tooltip says where auth_url, user and
// project came from, and the boot wizard, on a cloud without key pairs, says so in its key step
// and offers the user's ~/.ssh public key; with no key chosen its last step says that the server
// will not be reachable by SSH; after an action, once its toast is gone, the status bar item
// names it and opens the Results view. Nothing is booted or imported here.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { answerInput, activeEditorTab, expandPath, openViewContainer, quickInputStep, quickOpen, runCommand, setPickRowChecked, viewPane, waitForRow, waitForTreeLabels } from '../workbench.mjs';

export async function savingCloudsYamlKeepsTreeExpanded(t) {
  const clouds = fs.readFileSync(path.join(repoRoot, 'test/fixtures/clouds/two-clouds.yaml'), 'utf8');
  const folder = t.workspace({ 'clouds.yaml': clouds }, 'my-clouds');
  const page = await t.open(folder);
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['home-lab', 'edge-cloud']);
  await expandPath(page, 'Clouds', ['home-lab']);
  await waitForRow(page, 'Clouds', ['home-lab', 'Images']);

  // A save in the middle of an edit (the file does not parse: the tree shows only that error),
  // then the save that fixes it: home-lab comes back expanded.
  fs.writeFileSync(path.join(folder, 'clouds.yaml'), `${clouds}  third-cloud: [\n`);
  await page.waitForFunction(() => !document.body.innerText.includes('edge-cloud'), undefined, { timeout: 15000 }).catch(() => undefined);
  await t.screenshot('-broken');
  fs.writeFileSync(path.join(folder, 'clouds.yaml'), `${clouds}  third-cloud:\n    auth:\n      auth_url: http://127.0.0.3:5000/v3\n`);
  await waitForRow(page, 'Clouds', ['third-cloud']);
  await page.waitForTimeout(1000); // the tree made again has been drawn
  const cloud = await waitForRow(page, 'Clouds', ['home-lab'], { timeoutMs: 5000 });
  assert.equal(cloud.expanded, 'true', 'home-lab is still expanded after the reload');
  await waitForRow(page, 'Clouds', ['home-lab', 'Servers'], { timeoutMs: 5000 });

  // The cloud row's tooltip: each of auth_url, user and project with the file it came from.
  await viewPane(page, 'Clouds').locator('.monaco-list-row', { hasText: 'home-lab' }).first().hover();
  const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'auth_url: http://127.0.0.1:5000/v3' }).first();
  await hover.waitFor({ timeout: 15000 });
  assert.match(await hover.innerText(), /username: demo\s+← clouds\.yaml/);
  await t.screenshot();
}

export async function bootWizardOffersKeyImportWithoutKeyPair(t) {
  const sshDir = path.join(t.run.home, '.ssh');
  const keyFile = path.join(sshDir, 'id_ed25519.pub');
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  const str = (b) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  fs.mkdirSync(sshDir, { recursive: true });
  fs.writeFileSync(keyFile, `ssh-ed25519 ${Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]).toString('base64')} me@laptop\n`);
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(t.cloudsYaml, 'utf8') }, 'my-clouds'));
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await runCommand(page, 'OpenStack: Boot Server');
    const box = page.locator('.quick-input-widget');
    const step = (n) => quickInputStep(page, n, 10, { picker: false });
    const row = (text) => box.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();

    await step(1);
    const target = row('local-tasks/RegionOne');
    await setPickRowChecked(page, target);
    await page.keyboard.press('Enter');
    await step(2);
    await row('test-image').click();
    await step(3);
    await row('m1.tiny').click();
    await step(4);
    await row('Automatic').click();
    await step(5);
    await row('default').waitFor({ timeout: 30000 });
    await page.keyboard.press('Enter'); // security groups: default
    await step(6);
    const offer = row('Import id_ed25519.pub');
    await offer.waitFor({ timeout: 30000 });
    assert.equal(await box.locator('input').first().getAttribute('placeholder'), 'No key pair on these clouds: import one?');
    assert.match(await offer.innerText(), /as "id_ed25519"/);
    assert.match(await offer.innerText(), /ssh-ed25519 from ~\/\.ssh\/id_ed25519\.pub to local-tasks\/RegionOne/);
    // Nothing is cut off: the row's label and its detail show in full.
    const cut = await offer.evaluate((row) => [...row.querySelectorAll('*')]
      .filter((e) => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    assert.deepEqual(cut, [], 'no text of the import row is cut off');
    assert.equal(await offer.getAttribute('aria-checked'), 'true', 'the found key is offered checked');
    await t.screenshot('-key-step');

    await setPickRowChecked(page, offer, false); // boot without a key
    await page.keyboard.press('Enter');
    await step(7);
    await box.locator('.quick-input-message, .quick-input-box', { hasText: 'will not be reachable by SSH' }).first().waitFor({ timeout: 10000 }).catch(async () => {
      throw new Error(`the last step does not warn: ${await box.innerText()}`);
    });
    await t.screenshot();
    await page.keyboard.press('Enter'); // the proposed name
    await step(8);
    await page.keyboard.press('Enter'); // one server
    await step(9);
    await row('No user data').waitFor({ timeout: 30000 });
    await page.keyboard.press('Enter');
    // The review warns that no key means no SSH; its Back row returns to the step before (nothing is created).
    await step(10);
    await row('Key pair').waitFor({ timeout: 30000 });
    assert.match(await row('Key pair').innerText(), /none: not reachable by SSH/);
    await row('Back').click();
    await step(9);
    await page.keyboard.press('Escape');
  } finally {
    fs.rmSync(keyFile, { force: true });
  }
}

export async function resultsStayReachableFromTheStatusBar(t) {
  // A cloud on a closed loopback port: the upload fails at once, without the test cloud.
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  const clouds = ['clouds:', '  closed:', '    auth:', `      auth_url: http://127.0.0.1:${port}/v3`, '      username: demo', '      password: not-a-secret',
    '      project_name: demo', '      user_domain_name: Default', '      project_domain_name: Default', '    region_name: RegionOne', ''].join('\n');
  const page = await t.open(t.workspace({ 'clouds.yaml': clouds, 'disk.qcow2': 'QFI\u00fb not really an image\n' }));
  await openViewContainer(page, 'OpenStack');
  await waitForTreeLabels(page, 'Clouds', ['closed']);
  await quickOpen(page, 'disk.qcow2');
  assert.equal(await activeEditorTab(page), 'disk.qcow2');
  await runCommand(page, 'OpenStack: Upload Image…');
  const box = page.locator('.quick-input-widget');
  await box.locator('.quick-input-title', { hasText: '(1/2)' }).waitFor({ timeout: 15000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'closed/RegionOne' }).first().click(); // checks it
  await page.keyboard.press('Enter');
  await box.locator('.quick-input-title', { hasText: '(2/2)' }).waitFor({ timeout: 15000 });
  await answerInput(page, 'friction-image');

  const toast = page.locator('.notification-toast', { hasText: 'Upload of friction-image: 0/1 succeeded' });
  await toast.waitFor({ timeout: 60000 });
  await runCommand(page, 'Notifications: Clear All Notifications');
  await toast.waitFor({ state: 'detached', timeout: 15000 });
  const item = page.locator('.statusbar-item', { hasText: 'Upload of friction-image: 1 of 1 failed' }).first();
  await item.waitFor({ timeout: 15000 });
  await item.click();
  const results = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
  await results.locator('.action', { hasText: 'Upload of friction-image' }).locator('.target', { hasText: 'closed/RegionOne' }).waitFor({ timeout: 30000 });
  await t.screenshot();
}
