// Stage `demo`: the README's demo command (npm run demo), run as a user would. For the default demo (the
// local test cloud) and DEMO_CLOUD=example, `node scripts/demo.mjs` is started in its own
// process group (as a shell starts it), its printed URL is opened in headless Chromium, the
// OpenStack view must list the demo's clouds (screenshot: test-results/demo/<variant>.png), then
// Ctrl-C (SIGINT to its group) must stop what it started (code-server's process group, the
// port) and nothing else (the test cloud stays up). The demo's workspace must set the SSH
// stand-in (a script that prints the ssh command instead of dialling the cloud's fake addresses). Each demo gets its own DEMO_DIR, so a
// user's own demo folder is left alone. Closing line: `demo: N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRunDir, ensureHost, repoRoot, sleep } from '../../scripts/vscode-host/host.mjs';
import { launchChromium, newWatchedContext } from '../../scripts/vscode-host/browser.mjs';
import { openViewContainer, openWorkbench, waitForTreeLabels } from '../ui/workbench.mjs';
import { ensureCloud, releaseCloud } from '../cloud/lifecycle.mjs';
import { groupAlive, nonLoopbackListeners, listenersOn, portAnswers, processesMentioning } from './machine.mjs';

const RESULTS_DIR = path.join(repoRoot, 'test-results', 'demo');
const VARIANTS = [
  { name: 'local', env: {}, clouds: ['local-password', 'local-appcred', 'local-tasks'], needsCloud: true },
  { name: 'example', env: { DEMO_CLOUD: 'example' }, clouds: ['home-lab', 'edge-cloud'] },
].filter((v) => !process.argv[2] || v.name === process.argv[2]); // `node test/demo/run.mjs example`: only that one
// The first start may install code-server and Chromium (CI runs the ui stage first, which does).
const URL_TIMEOUT_MS = 10 * 60 * 1000;
const STOP_TIMEOUT_MS = 30 * 1000;

const results = [];
const elapsed = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name });
    console.log(`✔ ${name} (${elapsed(t0)})`);
  } catch (error) {
    results.push({ name, error });
    console.log(`✘ ${name} (${elapsed(t0)})\n    ${String(error.stack ?? error).split('\n').join('\n    ')}`);
  }
}

/** `node scripts/demo.mjs` as the leader of its own process group; its output is echoed indented. */
function startDemo(variant, demoDir) {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], {
    cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...variant.env, DEMO_DIR: demoDir },
  });
  const demo = { child, output: '', exit: undefined };
  const echo = (chunk) => {
    demo.output += chunk;
    process.stdout.write(String(chunk).replace(/^(?=.)/gm, `  [demo ${variant.name}] `));
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  demo.exited = new Promise((resolve) => child.once('exit', (code, signal) => { demo.exit = code ?? signal; resolve(demo.exit); }));
  return demo;
}

/** The URL the demo prints, once it does; fails if the demo exits first or takes too long. */
async function printedUrl(demo) {
  const deadline = Date.now() + URL_TIMEOUT_MS;
  for (;;) {
    const m = /OpenStack Clouds demo: open (\S+)/.exec(demo.output);
    if (m) return new URL(m[1]);
    if (demo.exit !== undefined) throw new Error(`the demo exited (${demo.exit}) before printing its URL`);
    if (Date.now() > deadline) throw new Error(`the demo printed no URL within ${URL_TIMEOUT_MS / 1000} s`);
    await sleep(200);
  }
}

const cloudStatus = () => spawnSync('bash', [path.join(repoRoot, 'test/cloud/status')], { cwd: repoRoot, encoding: 'utf8', timeout: 60000 }).status;

/** The demo workspace's `openstack.ssh.path` is a stand-in that prints the ssh command and why it does not run it. */
function sshStandInOnly(workspace) {
  const settings = JSON.parse(fs.readFileSync(path.join(workspace, '.vscode', 'settings.json'), 'utf8'));
  const standIn = settings['openstack.ssh.path'];
  if (!standIn || !path.isAbsolute(standIn)) throw new Error(`the demo workspace sets no SSH stand-in (openstack.ssh.path: ${standIn})`);
  const r = spawnSync(standIn, ['-o', 'ConnectTimeout=10', 'root@203.0.113.10'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10000 });
  if (r.status !== 0 || !r.stdout.includes('would now run: ssh -o ConnectTimeout=10 root@203.0.113.10') || !/not real machines/.test(r.stdout)) {
    throw new Error(`the SSH stand-in ${standIn} should print the command and why (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
}

/** The demo serves the workbench on loopback only, and its OpenStack view lists the variant's clouds. */
async function seesTheClouds(variant, demo, browser) {
  const url = await printedUrl(demo);
  const port = Number(url.port);
  if (url.hostname !== '127.0.0.1') throw new Error(`the demo's URL is not on 127.0.0.1: ${url}`);
  if (!/listens on 127\.0\.0\.1:\d+ only/.test(demo.output)) throw new Error('the demo does not say that it listens on 127.0.0.1 only');
  if (!listenersOn(port).length || nonLoopbackListeners(port).length) {
    throw new Error(`port ${port} should listen on loopback only; it listens on ${JSON.stringify(listenersOn(port))}`);
  }
  sshStandInOnly(url.searchParams.get('folder'));
  const { context, offLoopback } = await newWatchedContext(browser);
  const page = await context.newPage();
  try {
    await openWorkbench(page, url.origin, url.searchParams.get('folder'));
    await openViewContainer(page, 'OpenStack');
    await waitForTreeLabels(page, 'Clouds', variant.clouds, 60000);
    await page.screenshot({ path: path.join(RESULTS_DIR, `${variant.name}.png`) });
    if (offLoopback.length) throw new Error(`the browser left loopback:\n${offLoopback.join('\n')}`);
  } catch (e) {
    await page.screenshot({ path: path.join(RESULTS_DIR, `${variant.name}-failure.png`) }).catch(() => {});
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
}

/** Ctrl-C: the demo exits 0, its code-server's group and port are gone, the test cloud is as before. */
async function stopsWhatItStarted(variant, demo, demoDir, statusBefore) {
  const url = await printedUrl(demo);
  const port = Number(url.port);
  const servers = processesMentioning(path.join(demoDir, 'code-server.yaml'));
  const groups = [...new Set(servers.map((p) => p.pgid))];
  if (!groups.length) throw new Error(`no code-server process of the demo found (none mentions ${demoDir}/code-server.yaml)`);
  process.kill(-demo.child.pid, 'SIGINT'); // what Ctrl-C in a terminal does: the foreground group
  const code = await Promise.race([demo.exited, sleep(STOP_TIMEOUT_MS).then(() => 'still running')]);
  if (code !== 0) throw new Error(`after SIGINT the demo should exit 0 within ${STOP_TIMEOUT_MS / 1000} s; it: ${code}`);
  if (!/demo: stopped/.test(demo.output)) throw new Error('the demo did not say "demo: stopped"');
  if (/requests refused because they would have left/.test(demo.output)) throw new Error('the loopback guard refused requests of the demo (see its output)');
  const alive = groups.filter(groupAlive);
  if (alive.length) throw new Error(`code-server's process group ${alive} outlived the demo: ${processesMentioning(demoDir).map((p) => p.cmdline).join('\n')}`);
  const leftovers = processesMentioning(demoDir);
  if (leftovers.length) throw new Error(`processes of the demo outlived it:\n${leftovers.map((p) => `${p.pid}: ${p.cmdline}`).join('\n')}`);
  if (listenersOn(port).length || (await portAnswers(port))) throw new Error(`port ${port} still answers after the demo stopped`);
  const statusAfter = cloudStatus();
  if (statusAfter !== statusBefore) throw new Error(`test/cloud/status exited ${statusBefore} before the demo and ${statusAfter} after it: the demo touched the test cloud`);
  if (variant.needsCloud && statusAfter !== 0) throw new Error('the test cloud is not up after the demo (test/cloud/status fails)');
}

async function runVariant(variant, browser, cloudsYaml) {
  const label = `demo (${variant.name === 'local' ? 'local test cloud' : 'DEMO_CLOUD=example'})`;
  if (variant.needsCloud && !cloudsYaml) {
    await check(`${label}: serves the OpenStack view with ${variant.clouds.join(', ')}`, () => { throw new Error('the local test OpenStack is not up (test/cloud/up failed; see above)'); });
    return;
  }
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), `oscl-demo-${variant.name}-`));
  const statusBefore = cloudStatus();
  const demo = startDemo(variant, demoDir);
  let ok = true;
  try {
    await check(`${label}: serves the OpenStack view with ${variant.clouds.join(', ')}, on 127.0.0.1 only, with the SSH stand-in`, () => seesTheClouds(variant, demo, browser));
    await check(`${label}: Ctrl-C stops what it started and nothing else`, () => stopsWhatItStarted(variant, demo, demoDir, statusBefore));
    ok = results.slice(-2).every((r) => !r.error);
  } finally {
    if (demo.exit === undefined) try { process.kill(-demo.child.pid, 'SIGKILL'); } catch { /* gone */ }
    for (const p of processesMentioning(demoDir)) try { process.kill(-p.pgid, 'SIGKILL'); } catch { /* gone */ }
    if (ok) fs.rmSync(demoDir, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`demo folder kept for inspection: ${demoDir}`);
  }
}

async function main() {
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const t0 = Date.now();
  const cloud = VARIANTS.some((v) => v.needsCloud) ? await ensureCloud('demo') : undefined;
  const browserRun = createRunDir('demo-browser');
  let browser;
  try {
    ensureHost(); // the demo runs it first, too; here so that Chromium is there to launch
    browser = await launchChromium(browserRun);
  } catch (error) {
    results.push({ name: 'set-up', error });
    console.log(`✘ set-up: the VS Code host and Chromium (scripts/vscode-host/install.sh): ${error.message}`);
  }
  for (const variant of VARIANTS) if (browser) await runVariant(variant, browser, cloud?.cloudsYaml);
  await browser?.close().catch(() => {});
  browserRun.finish(true);
  if (!(await releaseCloud(cloud, 'demo'))) results.push({ name: 'test/cloud/down after the demo', error: new Error('down failed') });
  const failed = results.filter((r) => r.error).length;
  console.log(`screenshots: ${path.relative(repoRoot, RESULTS_DIR)}/ (${elapsed(t0)} in all)`);
  console.log(`demo: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
