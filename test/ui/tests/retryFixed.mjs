// Retry uses what the user fixed (issue 15 item 2), as a person meets it: an upload to a cloud
// whose clouds.yaml holds a wrong password fails with the summary's "Retry Failed"; the user
// corrects the password in clouds.yaml and saves; Retry Failed then resolves the cloud again from
// the file as it is now and the upload succeeds (it once repeated the old 401). The image is
// deleted afterwards with the CLI. Screenshots: retryUsesTheFixedPassword-failed.png (the failed
// summary), retryUsesTheFixedPassword.png (the retried upload done, in the status bar).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { activeEditorTab, openViewContainer, quickOpen, uploadThroughWizard, waitForTreeLabels } from '../workbench.mjs';

const CLI = path.join(repoRoot, 'dist', 'cli.js');
const WRONG = 'canary-wrong-5d0a7b';

/** The test cloud's clouds.yaml with local-password's password replaced. */
function withPassword(text, password) {
  const start = text.indexOf('  local-password:');
  const end = text.indexOf('\n  local-', start + 1);
  assert.match(text.slice(start, end), /\n\s+password: /, 'local-password has a password line');
  const block = text.slice(start, end).replace(/\n(\s+)password: .*/, `\n$1password: ${password}`);
  return text.slice(0, start) + block + text.slice(end);
}

export async function retryUsesTheFixedPassword(t) {
  const right = fs.readFileSync(t.cloudsYaml, 'utf8');
  const name = `ui-retry-${crypto.randomBytes(3).toString('hex')}`;
  const folder = t.workspace({ 'clouds.yaml': withPassword(right, WRONG), 'disk.raw': 'raw disk bytes of a UI test\n'.repeat(2000) }, 'retry-clouds');
  const page = await t.open(folder);
  try {
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await quickOpen(page, 'disk.raw');
    assert.equal(await activeEditorTab(page), 'disk.raw');
    await uploadThroughWizard(page, 'local-password/RegionOne', name);

    const failed = page.locator('.notification-toast', { hasText: `Upload of ${name}: 0/1 succeeded` });
    await failed.waitFor({ timeout: 60000 });
    await t.screenshot('-failed');

    // The user fixes the password and saves the file (as the editor's save writes it).
    fs.writeFileSync(path.join(folder, 'clouds.yaml'), withPassword(right, 'password-secret'));
    await failed.locator('.monaco-button', { hasText: 'Retry Failed' }).click();
    // Success shows in the status bar's Results item (routine success needs no toast).
    const done = page.locator('.statusbar-item', { hasText: `Upload of ${name}: 1/1` }).first();
    await done.waitFor({ timeout: 90000 }).catch(async () => {
      const shown = [...await page.locator('.notification-toast').allInnerTexts(), ...await page.locator('.statusbar-item').allInnerTexts()];
      throw new Error(`no successful upload after Retry Failed; notifications and status bar: ${JSON.stringify(shown)}`);
    });
    await t.screenshot();
  } finally {
    try {
      execFileSync(process.execPath, [CLI, 'delete', 'image', name, '--cloud', 'local-password'], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: t.cloudsYaml }, stdio: 'ignore' });
    } catch {
      // Not uploaded (the test failed before): nothing to delete.
    }
  }
}
