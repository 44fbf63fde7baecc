// Runs an extension's integration tests (extensionTestsPath) in the real Node extension host of
// the VS Code server inside code-server. Called by shim.sh with VS Code's command line:
//   run-ext-tests.mjs [workspace] --extensionDevelopmentPath=D --extensionTestsPath=T [other VS Code flags]
// The server ignores --extensionTestsPath, so the *workbench* asks for the test run through the
// `payload` URL parameter (honoured with --enable-smoke-test-driver) and VS Code reports the
// result by calling window.codeAutomationExit(code) in the page.
// Each run gets a fresh run folder (user data, extensions, HOME, TMPDIR, XDG dirs; the
// --user-data-dir/--extensions-dir that runTests passes are ignored on purpose: they would be
// shared between runs). The server's whole process group is killed afterwards. The run fails if
// any request would have left loopback, in the browser or in any Node process of the server.
// env: TEST_TIMEOUT_MS (default 120000; exit 3 on timeout), VERBOSE=1 (all workbench console output),
// RESTRICTED_MODE=1 (workspace trust on: the workspace opens untrusted, in Restricted Mode).
// Exit code: the test runner's (0 pass, 1 fail), 2 set-up failure, 3 timeout.
import path from 'node:path';
import util from 'node:util';
import fs from 'node:fs';
import { codeServerDir, createRunDir, freePort, loopbackReport, startVSCodeServer, tail } from './host.mjs';
import { launchChromium, newWatchedContext } from './browser.mjs';

/** Lines the in-host test runner prints carry this prefix (test/vscode/suite/index.ts). */
const TEST_OUTPUT_PREFIX = '[vscode-test] ';

function parseArgs(argv) {
  const options = { workspace: undefined, extensionDevelopmentPath: undefined, extensionTestsPath: undefined };
  for (const a of argv) {
    const m = /^--(extensionDevelopmentPath|extensionTestsPath)=(.*)$/.exec(a);
    if (m) options[m[1]] = path.resolve(m[2]);
    else if (!a.startsWith('-') && !options.workspace) options.workspace = path.resolve(a);
  }
  if (!options.extensionDevelopmentPath || !options.extensionTestsPath) {
    throw new Error('need --extensionDevelopmentPath=... and --extensionTestsPath=...');
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 120000);
  const cs = codeServerDir();
  if (!fs.existsSync(path.join(cs, 'lib/vscode/out/server-main.js'))) {
    console.error(`run-ext-tests: no VS Code host in ${cs}; run scripts/vscode-host/install.sh`);
    return 2;
  }
  const run = createRunDir('ext', { workspaceTrust: process.env.RESTRICTED_MODE === '1' });
  const workspace = options.workspace ?? run.workspace('empty');
  let server;
  let browser;
  let code = 2;
  const t0 = Date.now();
  try {
    const port = await freePort();
    server = await startVSCodeServer(cs, run, port);
    const tServer = Date.now() - t0;
    const authority = `127.0.0.1:${port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${options.extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${options.extensionTestsPath}`],
    ];
    const url = `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    browser = await launchChromium(run);
    const { context, offLoopback } = await newWatchedContext(browser);
    const page = await context.newPage();
    let consoleLines = Promise.resolve(); // one after another, in the order the page logged them
    const printConsole = async (message) => {
      let args;
      try { args = await Promise.all(message.args().map((a) => a.jsonValue())); } catch { args = [message.text()]; }
      // Extension-host output arrives as console.log('%c INFO', 'color: ...', ...args).
      if (typeof args[0] === 'string' && args[0].startsWith('%c')) args = args.slice(2);
      const line = util.format(...args);
      if (line.startsWith(TEST_OUTPUT_PREFIX)) console.log(line.slice(TEST_OUTPUT_PREFIX.length));
      else if (process.env.VERBOSE) console.log(`[workbench] ${line}`);
    };
    page.on('console', (message) => { consoleLines = consoleLines.then(() => printConsole(message)); });
    page.on('pageerror', (e) => { if (process.env.VERBOSE) console.log(`[workbench error] ${e.message}`); });

    let reportExit;
    const finished = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (exitCode) => reportExit(exitCode)); // before the workbench loads
    await page.goto(url);
    let timer;
    const result = await Promise.race([finished, new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    await page.waitForTimeout(200); // the last console messages of the host
    await consoleLines;
    if (result === 'timeout') {
      console.log(`run-ext-tests: TIMEOUT, the extension host reported no result within ${timeoutMs} ms`);
      console.log(tail(server.logFile));
      code = 3;
    } else {
      code = Number(result);
    }
    const tTests = Date.now() - t0;
    await browser.close();
    browser = undefined;
    await server.stop();
    console.log(`run-ext-tests: server up ${tServer} ms, tests done ${tTests} ms, all stopped ${Date.now() - t0} ms`);

    const guard = loopbackReport(run);
    const problems = [
      ...offLoopback.map((u) => `browser request left loopback: ${u}`),
      ...guard.violations.map((v) => `Node process tried to leave loopback: ${v}`),
    ];
    if (!guard.loaded.some((argv) => argv.includes('extensionHost'))) problems.push('the loopback guard was not loaded in the extension host');
    for (const p of problems) console.log(`run-ext-tests: ${p}`);
    if (problems.length && code === 0) code = 1;
    console.log(`run-ext-tests: exit code ${code} after ${Date.now() - t0} ms`);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    run.finish(code === 0);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (e) => { console.error(`run-ext-tests: ${e.stack ?? e}`); process.exit(2); },
);
