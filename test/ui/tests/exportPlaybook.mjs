// "Export as Playbook" on an upload's card in the Results view, as a person meets it: upload a
// file to local-password, open the Results view, press the card's "Export as Playbook"; a new
// untitled editor `upload-NAME.yml` holds the upload as a playbook (the image module, the file,
// the cloud by name, no password, and a note that it uploads the raw file unconverted). The image is deleted afterwards with the CLI.
// Screenshot: exportAfterUpload.png (the exported playbook beside the Results view).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { openViewContainer, quickOpen, runCommand, uploadThroughWizard, waitForTreeLabels } from '../workbench.mjs';

const CLI = path.join(repoRoot, 'dist', 'cli.js');

export async function exportAfterUpload(t) {
  const cloudsYaml = fs.readFileSync(t.cloudsYaml, 'utf8');
  const name = `ui-export-${crypto.randomBytes(3).toString('hex')}`;
  const folder = t.workspace({ 'clouds.yaml': cloudsYaml, 'disk.raw': 'raw disk bytes of a UI test\n'.repeat(2000) }, 'export-clouds');
  const page = await t.open(folder);
  try {
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', ['local-password', 'local-appcred', 'local-tasks']);
    await quickOpen(page, 'disk.raw');
    await uploadThroughWizard(page, 'local-password/RegionOne', name);
    await page.locator('.statusbar-item', { hasText: `Upload of ${name}: 1/1` }).first().waitFor({ timeout: 90000 });

    await runCommand(page, 'OpenStack: Show Results');
    const results = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    const card = results.locator('.action', { hasText: `Upload of ${name}` });
    await card.locator('button.export', { hasText: 'Export as Playbook' }).click({ timeout: 30000 });
    // The playbook opens beside the Results view, its tab the active one of its editor group.
    const group = page.locator('.editor-group-container', { has: page.locator('.tabs-container .tab.active', { hasText: `upload-${name}.yml` }) });
    await group.waitFor({ timeout: 15000 });
    const text = (await group.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    // The upload converted the raw file to the qcow2 the cloud wants (openstacksdk's default); the playbook says it does not.
    for (const expected of ['Note: local-password/RegionOne wants qcow2 images; this uploads raw as is (Ansible does not convert).', 'openstack.cloud.image:', `name: ${name}`, `filename: ${path.join(folder, 'disk.raw')}`, 'disk_format: raw', '- local-password']) {
      assert.ok(text.includes(expected), `the exported playbook has ${expected}:\n${text}`);
    }
    assert.ok(!text.includes('password-secret'), 'no password is written');
    await t.screenshot();
  } finally {
    try {
      execFileSync(process.execPath, [CLI, 'delete', 'image', name, '--cloud', 'local-password'], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: t.cloudsYaml }, stdio: 'ignore' });
    } catch {
      // Not uploaded (the test failed before): nothing to delete.
    }
  }
}
