// The `cloud` test stage: the integration tests in test/integration/ against the local test
// OpenStack. The cloud's life (start only if it is not up, stop only if this run started it)
// is test/cloud/lifecycle.mjs's: test/run.mjs does it once for all stages that need the cloud;
// run on its own, this stage does it itself. Where the cloud cannot start (not root, not Debian)
// the stage fails with up's message. Output ends with `cloud: N passed, N failed`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureCloud, releaseCloud } from './lifecycle.mjs';

const root = path.resolve(import.meta.dirname, '../..');

function finish(passed, failed) {
  console.log(`cloud: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const cloud = await ensureCloud('cloud');
if (!cloud.cloudsYaml) finish(0, 1);

const tests = await new Promise((resolve) => {
  let stdout = '';
  const child = spawn(process.execPath, [path.join(root, 'test/support/node-tests.mjs'), 'integration', '--concurrency', '1'],
    { cwd: root, env: { ...process.env, OPENSTACK_TEST_CLOUDS_YAML: cloud.cloudsYaml }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => { stdout += chunk; process.stdout.write(chunk); });
  child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
});
const m = /(\d+) passed, (\d+) failed\s*$/.exec(tests.stdout.trimEnd());
const passed = m ? Number(m[1]) : 0;
let failed = m ? Number(m[2]) : 0;
if (tests.code !== 0 && failed === 0) failed = 1;
if (!(await releaseCloud(cloud, 'cloud'))) failed += 1;
finish(passed, failed);
