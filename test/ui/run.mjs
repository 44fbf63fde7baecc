// Stage `ui`: the packaged extension in a real VS Code workbench. Packages the .vsix
// (npm run package), installs it into a throwaway extensions folder of code-server, starts
// code-server on 127.0.0.1 (own process group, killed at the end) and runs each UI test, one
// after another, in a fresh headless-Chromium context. Each test is an exported function of a
// module in TESTS; it gets `t` (below). Screenshots go to test-results/ui/<test>.png; a failure
// also saves <test>-failure.png and <test>-failure.html. Any request that leaves loopback (in
// the browser or in any Node process of code-server) fails the test that made it. Tests that
// need the local test OpenStack get its clouds.yaml as `t.cloudsYaml` (started here unless
// test/run.mjs did; see test/cloud/lifecycle.mjs). Closing line: `ui: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRunDir, ensureHost, freePort, installVsix, loopbackReport, repoRoot, startCodeServer } from '../../scripts/vscode-host/host.mjs';
import { launchChromium, newWatchedContext } from '../../scripts/vscode-host/browser.mjs';
import { openWorkbench } from './workbench.mjs';
import * as packageTests from './tests/package.mjs';
import * as welcomeTests from './tests/welcome.mjs';
import * as cloudsTreeTests from './tests/cloudsTree.mjs';
import * as explorerTests from './tests/explorer.mjs';
import * as wizardTests from './tests/wizards.mjs';
import * as errorRowTests from './tests/errorRows.mjs';
import * as liveRegionTests from './tests/liveRegions.mjs';
import * as frictionTests from './tests/frictions.mjs';
import * as walkthroughTests from './tests/walkthrough.mjs';
import * as retryFixedTests from './tests/retryFixed.mjs';
import * as imageMatrixTests from './tests/imageMatrix.mjs';
import * as filterTests from './tests/filters.mjs';
import * as exportTests from './tests/exportPlaybook.mjs';
import * as readmeScreenTests from './tests/readmeScreens.mjs';
import * as serverLifecycleTests from './tests/serverLifecycle.mjs';
import { ensureCloud, releaseCloud } from '../cloud/lifecycle.mjs';

// `node test/ui/run.mjs [name-filter]` runs only the tests whose function name contains the filter.
const TESTS = [packageTests, welcomeTests, cloudsTreeTests, explorerTests, wizardTests, errorRowTests, liveRegionTests, frictionTests, walkthroughTests, retryFixedTests, imageMatrixTests, filterTests, exportTests, serverLifecycleTests, readmeScreenTests].flatMap((m) => Object.values(m).filter((f) => typeof f === 'function'))
  .filter((f) => !process.argv[2] || f.name.includes(process.argv[2]));
const RESULTS_DIR = path.join(repoRoot, 'test-results', 'ui');
const VSIX = path.join(repoRoot, 'dist', 'openstack-clouds.vsix');

const results = [];
const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function record(name, error, t0, visible = '') {
  results.push({ name, error });
  if (error) console.log(`✘ ${name} (${elapsed(t0)})\n    ${[String(error.stack ?? error), visible].join('\n').trimEnd().split('\n').join('\n    ')}`);
  else console.log(`✔ ${name} (${elapsed(t0)})`);
}

/** What a person would read on the failed page (CI keeps only the log): quick input and notifications. */
async function visibleState(page) {
  const texts = async (selector) => (await page.locator(selector).allInnerTexts().catch(() => [])).map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const quickInput = await texts('.quick-input-widget:visible');
  const notifications = await texts('.notification-toast, .notifications-center .notification-list-item');
  return [...quickInput.map((s) => `quick input: ${s}`), ...notifications.map((s) => `notification: ${s}`)].join('\n');
}

/** Runs one test function with its `t`: workspace folders, a workbench page, screenshots. */
async function runTest(fn, env) {
  const name = fn.name;
  const t0 = Date.now();
  const guardBefore = env.run ? loopbackReport(env.run).violations.length : 0;
  let watched;
  let page;
  const t = {
    name,
    vsix: VSIX,
    /** What `npm run package` printed (stdout, then stderr): vsce's warnings would be in it. */
    packageOutput: env.packageOutput,
    run: env.run,
    /** The local test OpenStack's clouds.yaml; a test that needs it fails loudly without it. */
    get cloudsYaml() {
      if (!env.cloudsYaml) throw new Error('the local test OpenStack is not up (test/cloud/up failed; see above)');
      return env.cloudsYaml;
    },
    /** A folder with these files (relative path -> text), fresh for this test; its name shows in the title bar. */
    workspace: (files = {}, folderName = name) => env.run.workspace(path.join(name, folderName), files),
    /** Opens the folder in a new browser context's workbench; returns the page. */
    async open(folder) {
      if (!env.browser) throw new Error('no workbench: code-server or chromium did not start');
      watched = await newWatchedContext(env.browser);
      page = await watched.context.newPage();
      await openWorkbench(page, env.baseUrl, folder);
      return page;
    },
    async screenshot(suffix = '') {
      const file = path.join(RESULTS_DIR, `${name}${suffix}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };
  let error;
  let visible;
  try {
    await fn(t);
    const offLoopback = [
      ...(watched?.offLoopback ?? []).map((u) => `browser: ${u}`),
      ...(env.run ? loopbackReport(env.run).violations.slice(guardBefore).map((v) => `code-server: ${v}`) : []),
    ];
    if (offLoopback.length) throw new Error(`requests left loopback:\n${offLoopback.join('\n')}`);
  } catch (e) {
    error = e;
    if (page) {
      await page.screenshot({ path: path.join(RESULTS_DIR, `${name}-failure.png`) }).catch(() => {});
      fs.writeFileSync(path.join(RESULTS_DIR, `${name}-failure.html`), await page.content().catch((err) => String(err)));
      visible = await visibleState(page);
    }
  } finally {
    await watched?.context.close().catch(() => {});
  }
  record(name, error, t0, visible);
}

async function main() {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const env = {};
  let server;
  const cloud = await ensureCloud('ui');
  env.cloudsYaml = cloud.cloudsYaml;
  let t0 = Date.now();
  try {
    const cs = ensureHost();
    console.log(`VS Code host ready (${elapsed(t0)})`);
    t0 = Date.now();
    const packaged = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (packaged.status !== 0) throw new Error(`npm run package failed:\n${packaged.stdout}${packaged.stderr}`);
    env.packageOutput = `${packaged.stdout}${packaged.stderr}`;
    console.log(`packaged ${path.relative(repoRoot, VSIX)}, ${fs.statSync(VSIX).size} bytes (${elapsed(t0)})`);

    t0 = Date.now();
    env.run = createRunDir('ui');
    console.log(`installed ${installVsix(cs, env.run, VSIX)} into a throwaway extensions folder (${elapsed(t0)})`);
    t0 = Date.now();
    const port = await freePort();
    server = await startCodeServer(cs, env.run, port);
    env.baseUrl = `http://127.0.0.1:${port}`;
    env.browser = await launchChromium(env.run);
    console.log(`code-server on ${env.baseUrl} and chromium up (${elapsed(t0)})`);
  } catch (e) {
    record('set-up: package, install the .vsix, start code-server and chromium', e, t0);
  }
  for (const fn of TESTS) await runTest(fn, env); // one after another: 2 cores, ~1.7 GiB per workbench
  await env.browser?.close().catch(() => {});
  await server?.stop();
  const guard = env.run ? loopbackReport(env.run) : { loaded: [] };
  if (env.run && !guard.loaded.some((argv) => argv.includes('extensionHost'))) {
    record('the loopback guard reached the extension host', new Error('no extension host loaded scripts/vscode-host/loopback-guard.cjs'), Date.now());
  }
  if (!(await releaseCloud(cloud, 'ui'))) record('test/cloud/down after the UI tests', new Error('down failed'), Date.now());
  const failed = results.filter((r) => r.error).length;
  env.run?.finish(failed === 0);
  console.log(`screenshots and failure pages: ${path.relative(repoRoot, RESULTS_DIR)}/`);
  console.log(`ui: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
