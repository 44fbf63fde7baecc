// Stage `vscode`: the extension's integration tests inside a real VS Code extension host.
// Installs the host if missing (scripts/vscode-host/install.sh), builds the extension, bundles
// the mocha suite (test/vscode/suite/*.ts -> out/test/vscode/suite/*.js, mocha stays external so
// it resolves from node_modules), and calls @vscode/test-electron's runTests with the shim as the
// VS Code executable. The explorer's tests talk to the local test OpenStack: its clouds.yaml goes
// to the host as OPENSTACK_TEST_CLOUDS_YAML (the cloud is started here unless test/run.mjs did;
// see test/cloud/lifecycle.mjs). Closing line: `vscode: N passed, N failed` (counted by mocha in the host).
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost } from '../../scripts/vscode-host/host.mjs';
import { ensureCloud, releaseCloud } from '../cloud/lifecycle.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const suiteDir = path.join(root, 'test/vscode/suite');
const outDir = path.join(root, 'out/test/vscode/suite');

let cloud;

async function closingLine(passed, failed) {
  if (!(await releaseCloud(cloud, 'vscode'))) failed += 1;
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

async function main() {
  cloud = await ensureCloud('vscode');
  let t = Date.now();
  const codeServer = ensureHost();
  console.log(`VS Code host ready (${Date.now() - t} ms): ${codeServer}`);

  t = Date.now();
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  fs.rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: fs.readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(suiteDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external', // vscode from the host, mocha from node_modules
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  console.log(`built extension and suite (${Date.now() - t} ms)`);

  // The workspace the host opens: a clouds.yaml with two clouds (the tests restore what they change).
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-vscode-ws-'));
  fs.copyFileSync(path.join(root, 'test/fixtures/clouds/two-clouds.yaml'), path.join(workspace, 'clouds.yaml'));
  const resultFile = path.join(workspace, '..', `${path.basename(workspace)}-result.json`);

  t = Date.now();
  let runError;
  try {
    await runTests({
      vscodeExecutablePath: path.join(root, 'scripts/vscode-host/shim.sh'),
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(outDir, 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { OPENSTACK_TEST_RESULT_FILE: resultFile, CODE_SERVER_DIR: codeServer, OPENSTACK_TEST_CLOUDS_YAML: cloud.cloudsYaml ?? '' },
    });
  } catch (e) {
    runError = e;
  }
  console.log(`runTests finished (${Date.now() - t} ms)${runError ? `: ${runError.message}` : ''}`);
  const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(resultFile, { force: true });
  if (!result) {
    console.log('the extension host reported no test results: the tests did not run');
    return closingLine(0, 1);
  }
  // A clean mocha result with a failed run (e.g. a request left loopback) still fails the stage.
  return closingLine(result.passed, result.failed + (runError && !result.failed ? 1 : 0));
}

main().catch((e) => {
  console.error(e);
  return closingLine(0, 1);
});
