// Stage `vscode`: the extension's integration tests inside a real VS Code extension host.
// Installs the host if missing (scripts/vscode-host/install.sh), builds the extension, bundles
// the mocha suite (test/vscode/suite/*.ts -> out/test/vscode/suite/*.js, mocha stays external so
// it resolves from node_modules), and calls @vscode/test-electron's runTests with the shim as the
// VS Code executable. The explorer's tests talk to the local test OpenStack: its clouds.yaml goes
// to the host as OPENSTACK_TEST_CLOUDS_YAML (the cloud is started here unless test/run.mjs did;
// see test/cloud/lifecycle.mjs). The Restricted Mode suite (test/vscode/restricted/) runs in a second
// launch with workspace trust on. Run Playbook's test needs a real ansible-playbook: the Debian 13
// root of test/ansible/install.sh (idempotent, cached; run here), reached through the wrapper
// test/ansible/ansible-playbook-chroot.sh (OPENSTACK_TEST_ANSIBLE_ROOT / _PLAYBOOK to the host).
// OPENSTACK_VSCODE_TESTS=a,b runs only the suite files whose names contain a or b.
// Closing line: `vscode: N passed, N failed` (counted by mocha in the host).
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost } from '../../scripts/vscode-host/host.mjs';
import { jsYamlPlugin } from '../../scripts/jsYamlPlugin.mjs';
import { ensureCloud, releaseCloud } from '../cloud/lifecycle.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const suiteDir = path.join(root, 'test/vscode/suite');

let cloud;
/** Where the Run Playbook test finds ansible-playbook (empty when the install failed: that test then fails). */
let ansibleEnv = {};

/** The Debian 13 root with ansible (test/ansible/install.sh: cached after the first time, about 2 min then). */
function ensureAnsible() {
  const t = Date.now();
  const install = spawnSync('bash', [path.join(root, 'test/ansible/install.sh')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const ansibleRoot = install.stdout.trim().split('\n').pop();
  if (install.status !== 0 || !ansibleRoot) {
    console.log(`ansible root: install failed (exit ${install.status}); the Run Playbook test will fail`);
    return {};
  }
  console.log(`ansible root ready (${Date.now() - t} ms): ${ansibleRoot}`);
  return { OPENSTACK_TEST_ANSIBLE_ROOT: ansibleRoot, OPENSTACK_TEST_ANSIBLE_PLAYBOOK: path.join(root, 'test/ansible/ansible-playbook-chroot.sh') };
}

async function closingLine(passed, failed) {
  if (!(await releaseCloud(cloud, 'vscode'))) failed += 1;
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

/** Bundles one suite (its *.ts plus the shared mocha entry) into its own folder of out/. */
async function bundleSuite(name, dirs) {
  const outdir = path.join(root, 'out/test/vscode', name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const entries = [path.join(suiteDir, 'index.ts')];
  // OPENSTACK_VSCODE_TESTS=explorerFilters,cloudsTree: only the test files whose names contain one of these (a quicker loop).
  const only = (process.env.OPENSTACK_VSCODE_TESTS ?? '').split(',').filter(Boolean);
  const wanted = (f) => !only.length || only.some((part) => f.includes(part));
  for (const dir of dirs) entries.push(...fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts') && wanted(f)).map((f) => path.join(dir, f)));
  if (entries.length === 1) return undefined; // filtered out entirely: this launch is skipped
  await esbuild.build({
    entryPoints: entries,
    outdir,
    entryNames: '[name]', // index.js next to the suite's *.test.js, which it runs
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external', // vscode from the host, mocha from node_modules
    plugins: [jsYamlPlugin], // js-yaml bundled, as Ansible reads YAML (as in the product)
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outdir;
}

/** One launch of the host on a fresh workspace; returns mocha's counts (a failed launch counts as a failure). */
async function runSuite(name, outdir, codeServer, { workspaceFiles = {}, env = {} } = {}) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `oscl-vscode-${name}-`));
  for (const [file, from] of Object.entries(workspaceFiles)) fs.copyFileSync(from, path.join(workspace, file));
  const resultFile = path.join(workspace, '..', `${path.basename(workspace)}-result.json`);
  const t = Date.now();
  let runError;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts/vscode-host/shim.sh'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outdir, 'index.js'),
      launchArgs: [workspace],
      // CHECKPOINT_DISABLE: packer would otherwise ask HashiCorp for its newest version (traffic off loopback).
      extensionTestsEnv: {
        OPENSTACK_TEST_RESULT_FILE: resultFile, CODE_SERVER_DIR: codeServer, OPENSTACK_TEST_CLOUDS_YAML: cloud.cloudsYaml ?? '', CHECKPOINT_DISABLE: '1',
        ...ansibleEnv, ...env,
      },
    });
  } catch (e) {
    runError = e;
  }
  console.log(`runTests (${name}) finished (${Date.now() - t} ms)${runError ? `: ${runError.message}` : ''}`);
  const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(resultFile, { force: true });
  if (!result) {
    console.log(`the extension host reported no test results for ${name}: the tests did not run`);
    return { passed: 0, failed: 1 };
  }
  // A clean mocha result with a failed run (e.g. a request left loopback) still fails the stage.
  return { passed: result.passed, failed: result.failed + (runError && !result.failed ? 1 : 0) };
}

async function main() {
  // The host's deadline for the whole suite (run-ext-tests.mjs; mocha times each test): the
  // suites boot, stop and start real servers.
  process.env.TEST_TIMEOUT_MS ??= '600000';
  cloud = await ensureCloud('vscode');
  let t = Date.now();
  const codeServer = ensureHost();
  console.log(`VS Code host ready (${Date.now() - t} ms): ${codeServer}`);
  ansibleEnv = ensureAnsible();

  // The image build tasks' test runs the real packer (Debian 12's package; its `file` builder needs nothing else).
  const packer = spawnSync('bash', [path.join(root, 'test/support/ensure-command.sh'), 'packer', 'packer'], { stdio: 'inherit' });
  if (packer.status !== 0) throw new Error('packer is missing and could not be installed');

  t = Date.now();
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const mainSuite = await bundleSuite('suite', [suiteDir]);
  const restrictedSuite = await bundleSuite('restricted', [path.join(root, 'test/vscode/restricted')]);
  console.log(`built extension and suites (${Date.now() - t} ms)`);

  // The main suite's workspace: a clouds.yaml with two clouds (the tests restore what they change).
  const skipped = { passed: 0, failed: 0 };
  const trusted = !mainSuite ? skipped : await runSuite('suite', mainSuite, codeServer, { workspaceFiles: { 'clouds.yaml': path.join(root, 'test/fixtures/clouds/two-clouds.yaml') } });
  // Restricted Mode needs workspace trust on from the start: a second launch, on an empty workspace.
  const restricted = !restrictedSuite ? skipped : await runSuite('restricted', restrictedSuite, codeServer, { env: { RESTRICTED_MODE: '1' } });
  return closingLine(trusted.passed + restricted.passed, trusted.failed + restricted.failed);
}

main().catch((e) => {
  console.error(e);
  return closingLine(0, 1);
});
