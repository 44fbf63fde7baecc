// The Getting Started walkthrough as a new user finds it: Welcome: Open Walkthrough... lists it,
// it shows its five steps (open/create clouds.yaml, check it, explore, upload, boot) with the
// packaged Markdown media beside them, and the Explore step's button shows the Clouds view.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { runCommand, waitForTreeLabels } from '../workbench.mjs';

const TITLE = 'Get Started with OpenStack Clouds';
const STEPS = ['Open or create clouds.yaml', 'Check it', 'Explore your clouds', 'Upload an image to many clouds', 'Boot a server on the internet'];

/** The text of the walkthrough's media, which VS Code renders in a webview (two nested frames). */
async function mediaText(page) {
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  const body = frame.locator('body');
  await body.waitFor({ timeout: 15000 });
  return (await body.innerText()).replace(/\s+/g, ' ');
}

export async function walkthroughShowsStepsAndItsButtonsWork(t) {
  const clouds = fs.readFileSync(path.join(repoRoot, 'test/fixtures/clouds/two-clouds.yaml'), 'utf8');
  const page = await t.open(t.workspace({ 'clouds.yaml': clouds }));
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: TITLE }).click({ timeout: 15000 });

  const walkthrough = page.locator('.gettingStartedContainer');
  await walkthrough.locator('.getting-started-category .category-title, .gettingStartedSlideDetails h2', { hasText: TITLE }).first().waitFor({ timeout: 30000 });
  const titles = (await walkthrough.locator('.getting-started-step .step-title').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  assert.deepEqual(titles, STEPS);
  assert.match(await mediaText(page), /One clouds\.yaml for every cloud/, 'the first step shows its Markdown media');
  const shot = await t.screenshot();
  // UPDATE_README_SCREENSHOT=1 npm run test:ui refreshes the README's picture of the walkthrough.
  if (process.env.UPDATE_README_SCREENSHOT) fs.copyFileSync(shot, path.join(repoRoot, 'media', 'screenshot-walkthrough.png'));

  await walkthrough.locator('.getting-started-step', { hasText: 'Explore your clouds' }).locator('.step-title').click();
  const button = walkthrough.locator('.getting-started-step.expanded .monaco-button', { hasText: 'Show the Clouds View' });
  await button.waitFor({ timeout: 15000 });
  for (const deadline = Date.now() + 15000; !/Every cloud side by side/.test(await mediaText(page)); await page.waitForTimeout(200)) {
    if (Date.now() > deadline) throw new Error(`the Explore step's media does not show: ${await mediaText(page)}`);
  }
  await t.screenshot('-explore');
  await button.click();
  await waitForTreeLabels(page, 'Clouds', ['home-lab', 'edge-cloud']);
}
