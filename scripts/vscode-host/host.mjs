// The real VS Code host of the tests and the demo: where code-server is installed, an isolated
// run folder (HOME, TMPDIR, XDG dirs, user data, extensions), servers started in their own
// process group on 127.0.0.1 and always stopped, and the loopback guard's findings.
// Used by scripts/vscode-host/run-ext-tests.mjs, test/ui/run.mjs and scripts/demo.mjs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const HERE = import.meta.dirname;
export const repoRoot = path.resolve(HERE, '../..');
export const CS_VERSION = process.env.CS_VERSION || '4.100.3';

/** The project's cache folder, outside the repository (the same rule as install.sh). */
export function cacheDir() {
  return process.env.OPENSTACK_CLOUDS_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'openstack-clouds');
}

/** The code-server package folder that install.sh fills (CODE_SERVER_DIR overrides it). */
export function codeServerDir() {
  if (process.env.CODE_SERVER_DIR) return process.env.CODE_SERVER_DIR;
  return path.join(cacheDir(), 'vscode-host', CS_VERSION, 'node_modules', 'code-server');
}

/** Runs install.sh (idempotent: apt packages and code-server only when missing); returns the code-server folder. */
export function ensureHost() {
  const r = spawnSync('bash', [path.join(HERE, 'install.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, CS_VERSION } });
  const dir = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !dir || !fs.existsSync(path.join(dir, 'out/node/entry.js'))) {
    throw new Error(`installing the VS Code host failed (exit ${r.status}): scripts/vscode-host/install.sh`);
  }
  return dir;
}

/**
 * A fresh folder for one run. Its `env` is what the server and the browser get: HOME, TMPDIR and
 * the XDG dirs point inside it (so nothing is read from or written to the machine's own), no OS_*
 * variables (the machine's clouds never leak in), the extension gallery off, and the loopback
 * guard preloaded into every Node process. `root` gives a lasting folder (the demo's) instead
 * of a temporary one. `workspaceTrust` turns workspace trust on, so the workspace opens in
 * Restricted Mode (nothing is trusted in a fresh run folder) without the startup prompt.
 */
export function createRunDir(name, { root: fixedRoot, workspaceTrust = false } = {}) {
  // short paths: unix sockets live in TMPDIR and XDG_RUNTIME_DIR (107 bytes at most)
  const root = fixedRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), `oscl-${name}-`));
  fs.mkdirSync(root, { recursive: true });
  const dir = (...p) => {
    const d = path.join(root, ...p);
    fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    return d;
  };
  const run = {
    root,
    home: dir('home'),
    tmp: dir('tmp'),
    userData: dir('user-data'),
    extensions: dir('extensions'),
    serverData: dir('server-data'),
    logs: dir('logs'),
    guardLog: path.join(root, 'logs', 'loopback-guard.jsonl'),
  };
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OS_|NODE_OPTIONS$|VSCODE_|ELECTRON_)/.test(k)));
  Object.assign(env, {
    HOME: run.home,
    TMPDIR: run.tmp,
    XDG_CONFIG_HOME: dir('xdg', 'config'),
    XDG_DATA_HOME: dir('xdg', 'data'),
    XDG_CACHE_HOME: dir('xdg', 'cache'),
    XDG_STATE_HOME: dir('xdg', 'state'),
    XDG_RUNTIME_DIR: dir('xdg', 'runtime'),
    XDG_CONFIG_DIRS: dir('xdg', 'config-dirs'),
    EXTENSIONS_GALLERY: '{}', // code-server's gallery (open-vsx.org) off
    NODE_OPTIONS: `--require ${path.join(HERE, 'loopback-guard.cjs')}`,
    LOOPBACK_GUARD_LOG: run.guardLog,
  });
  run.env = env;
  run.workspace = (folder, files = {}) => {
    const ws = dir('workspaces', folder);
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
      fs.writeFileSync(path.join(ws, file), text);
    }
    return ws;
  };
  /** Removes the folder when the run passed (KEEP_RUN_DIR=1 keeps it); otherwise says where it is. */
  run.finish = (ok) => {
    if (ok && !process.env.KEEP_RUN_DIR) fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    else console.log(`run folder kept for inspection: ${root}`);
  };
  writeSettings(run, workspaceTrust);
  return run;
}

/** Quiet, offline workbench settings, for code-server (user) and the bare server (machine). */
function writeSettings(run, workspaceTrust) {
  const trust = workspaceTrust
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
    : { 'security.workspace.trust.enabled': false };
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    ...trust,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'npm.fetchOnlinePackageInfo': false,
    'git.enabled': false,
  };
  for (const file of [path.join(run.userData, 'User', 'settings.json'), path.join(run.serverData, 'data', 'Machine', 'settings.json')]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  }
}

/** A free TCP port on 127.0.0.1 (preferred first, if given and free). */
export async function freePort(preferred) {
  const tryListen = (port) => new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: got } = server.address();
      server.close(() => resolve(got));
    });
  });
  return (preferred && (await tryListen(preferred))) || tryListen(0);
}

const groups = new Set();
process.on('exit', () => {
  for (const pgid of groups) try { process.kill(-pgid, 'SIGKILL'); } catch { /* already gone */ }
});

/**
 * Starts a command as the leader of a new process group (like setsid), output to logFile.
 * `stop()` ends the whole group: VS Code's extension hosts and watchers outlive their parent
 * otherwise. Groups still running when this process exits are killed.
 */
export function startGroup(command, args, { env, logFile, cwd }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { env, cwd, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  groups.add(child.pid);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const alive = () => { try { process.kill(-child.pid, 0); return true; } catch { return false; } };
  return {
    pid: child.pid,
    exited,
    logFile,
    async stop() {
      if (!groups.has(child.pid)) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 50 && alive(); i++) await sleep(100);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      groups.delete(child.pid);
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls url until it answers 2xx (and `accept(body)` holds); fails early if the server exits. */
export async function waitForHttp(url, { group, timeoutMs = 60000, accept = () => true } = {}) {
  let exited;
  group?.exited.then((code) => { exited = code; });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`server exited (${exited}) before ${url} answered; log: ${group.logFile}\n${tail(group.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.ok && accept(await res.text())) return;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms; log: ${group?.logFile}\n${group ? tail(group.logFile) : ''}`);
    await sleep(100);
  }
}

export function tail(file, lines = 30) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n'); } catch { return ''; }
}

/**
 * The bare VS Code server inside code-server, which honours the workbench's test `payload` with
 * --enable-smoke-test-driver (code-server's own CLI rejects that flag and --extensionTestsPath).
 */
export async function startVSCodeServer(cs, run, port) {
  const group = startGroup(process.execPath, [
    path.join(cs, 'lib/vscode/out/server-main.js'), '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', '--disable-telemetry', '--enable-smoke-test-driver',
    '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--server-data-dir', run.serverData,
  ], { env: run.env, logFile: path.join(run.logs, 'vscode-server.log'), cwd: run.root });
  await waitForHttp(`http://127.0.0.1:${port}/`, { group, accept: (b) => b.includes('workbench') });
  return group;
}

/** code-server's options: throwaway config (no auth, 127.0.0.1 only), the run's folders, no phoning home. */
function codeServerArgs(run, port) {
  const config = path.join(run.root, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  return [
    '--config', config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
  ];
}

/** code-server itself (the product users run), serving the workbench on 127.0.0.1:port. */
export async function startCodeServer(cs, run, port, folder) {
  const args = [path.join(cs, 'out/node/entry.js'), ...codeServerArgs(run, port), ...(folder ? [folder] : [])];
  const group = startGroup(process.execPath, args, { env: run.env, logFile: path.join(run.logs, 'code-server.log'), cwd: run.root });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { group });
  return group;
}

/** Installs a .vsix into the run's extensions folder with code-server's CLI; returns its id@version line. */
export function installVsix(cs, run, vsix) {
  const cli = (...a) => spawnSync(process.execPath, [path.join(cs, 'out/node/entry.js'), ...codeServerArgs(run, 0), ...a], { env: run.env, encoding: 'utf8', cwd: run.root });
  const installed = cli('--install-extension', vsix, '--force');
  if (installed.status !== 0) throw new Error(`--install-extension ${vsix} failed:\n${installed.stdout}${installed.stderr}`);
  return cli('--list-extensions', '--show-versions').stdout.trim().split('\n').pop();
}

/**
 * What the loopback guard saw: `violations` (connections or lookups that would have left
 * loopback) and the command lines of the Node processes that loaded it.
 */
export function loopbackReport(run) {
  const entries = fs.existsSync(run.guardLog)
    ? fs.readFileSync(run.guardLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    : [];
  return {
    violations: entries.filter((e) => e.kind !== 'loaded').map((e) => `${e.kind} ${e.detail} (pid ${e.pid}: ${e.argv.slice(0, 120)})`),
    loaded: entries.filter((e) => e.kind === 'loaded').map((e) => e.argv),
  };
}
