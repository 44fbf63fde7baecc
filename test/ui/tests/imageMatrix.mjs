// Get Base Image and the Image Matrix as a person sees them, against the local test OpenStack:
// the Get Base Image steps go forward and Back; an official Debian image (this run's own build,
// served by the loopback mirror of test/support/imageMirror.ts) uploaded by the CLI to two of the
// three clouds shows in the Image Matrix view as one row, verified end to end where the cloud
// stores the publisher's bytes, missing on the third, with a Sync button that puts it there.
// The screenshot is the README's with UPDATE_README_SCREENSHOT=1 (media/screenshot-image-matrix.png).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { openViewContainer, runCommand, waitForTreeLabels } from '../workbench.mjs';

const CLI = path.join(repoRoot, 'dist', 'cli.js');
const CLOUDS = ['local-password', 'local-appcred', 'local-tasks'];
const title = (page) => page.locator('.quick-input-widget .quick-input-title');
const backButton = (page) => page.locator('.quick-input-widget .quick-input-titlebar .action-label[aria-label^="Back"]');
const row = (page, text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();

async function waitForTitle(page, text) {
  for (const deadline = Date.now() + 15000; ; await page.waitForTimeout(100)) {
    const shown = (await title(page).innerText().catch(() => '')).trim();
    if (shown.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`the quick input shows "${shown}", expected "${text}"`);
  }
}

/** The loopback mirror of the tests (TypeScript), bundled into out/ (it finds the fixtures from there). */
async function startMirror() {
  const outfile = path.join(repoRoot, 'out', 'test', 'ui', 'imageMirror.cjs');
  await esbuild.build({ entryPoints: [path.join(repoRoot, 'test/support/imageMirror.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}

/** The page inside the Image Matrix webview (two nested frames). */
const matrixFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

export async function imageMatrixShowsOneRowPerImageAndSyncs(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-matrix-'));
  const prefix = `ui-matrix-${crypto.randomBytes(3).toString('hex')}`;
  const { startImageMirror, serveUniqueDebian } = await startMirror();
  const mirror = await startImageMirror();
  const env = { ...process.env, XDG_CACHE_HOME: dir };
  // Asynchronous: the mirror answers from this process while the CLI runs.
  const cli = (...args) => promisify(execFile)(process.execPath, [CLI, ...args, '--clouds-file', t.cloudsYaml], { env, encoding: 'utf8', timeout: 300_000 });
  try {
    const { sha256 } = serveUniqueDebian(mirror, dir);
    await cli('upload', 'debian:12/amd64', '--mirror', mirror.roots.debian, '--cloud', 'local-password', '--cloud', 'local-tasks', '--name', `${prefix}-debian`);

    const settings = JSON.stringify({ 'openstackClouds.baseImages.mirrors': { debian: mirror.roots.debian } });
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(t.cloudsYaml, 'utf8'), '.vscode/settings.json': settings }, 'images'));
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', CLOUDS);

    // Get Base Image: distro (1/4), release (2/4), Back to the distro, then away.
    await runCommand(page, 'OpenStack: Get Base Image…');
    await waitForTitle(page, 'Get Base Image (1/4)');
    assert.equal(await backButton(page).count(), 0, 'the first step offers no Back');
    await row(page, 'debian').click();
    await waitForTitle(page, 'Get Base Image (2/4)');
    await row(page, '12').waitFor({ timeout: 10000 });
    await backButton(page).click();
    await waitForTitle(page, 'Get Base Image (1/4)');
    await page.keyboard.press('Escape');

    // The matrix of the three clouds.
    await runCommand(page, 'OpenStack: Show Image Matrix');
    await waitForTitle(page, 'Image Matrix');
    for (const cloud of CLOUDS) await row(page, cloud).click(); // checks each
    await page.keyboard.press('Enter');
    const frame = matrixFrame(page);
    const ours = frame.locator(`tr[data-key="sha256:${sha256}"]`);
    await ours.waitFor({ timeout: 60000 });
    const cells = (await ours.locator('td.cell').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim());
    assert.equal(cells.length, 3, cells.join(' | '));
    assert.match(cells[0], /^active /);
    assert.equal(cells[1], '—', 'missing on local-appcred');
    assert.match(cells[2], /^active /);
    assert.match(await ours.locator('th.image').innerText(), /debian:12\/x86_64@20241201-1948/);
    await ours.locator('button.sync').waitFor({ timeout: 10000 });
    await ours.scrollIntoViewIfNeeded();
    const shot = await t.screenshot();
    if (process.env.UPDATE_README_SCREENSHOT) fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshot-image-matrix.png'));

    // Sync puts it on local-appcred; the row then has no Sync button.
    await ours.locator('button.sync').click();
    for (const deadline = Date.now() + 180_000; ; await page.waitForTimeout(500)) {
      const now = (await ours.locator('td.cell').allInnerTexts().catch(() => [])).map((s) => s.replace(/\s+/g, ' ').trim());
      if (now.length === 3 && now.every((c) => c.startsWith('active ')) && (await ours.locator('button.sync').count()) === 0) break;
      if (Date.now() > deadline) throw new Error(`Sync did not put the image on every cloud: ${now.join(' | ')}`);
    }
    await t.screenshot('-synced');
  } finally {
    for (const cloud of CLOUDS) {
      await cli('delete', 'image', `${prefix}-debian`, '--cloud', cloud).catch(() => undefined); // not there
    }
    await mirror.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
