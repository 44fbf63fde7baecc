// The `cloud` test stage: the integration tests in test/integration/ against the local test
// OpenStack. Starts it (test/cloud/up) only if test/cloud/status says it is not up, and then
// stops it again (test/cloud/down): the run leaves the machine as it found it. Where the
// cloud cannot start (not root, not Debian) the stage fails with up's message.
// Output ends with `cloud: N passed, N failed`.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const cloudDir = path.join(root, 'test', 'cloud');

/** Runs a command, echoing its output; resolves with its exit code and full stdout. */
function run(cmd, args, env = process.env) {
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => { stdout += chunk; process.stdout.write(chunk); });
    child.on('error', (err) => { console.error(`${cmd}: ${err.message}`); resolve({ code: 127, stdout }); });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

const lastLine = (text) => text.trimEnd().split('\n').pop() ?? '';

function finish(passed, failed) {
  console.log(`cloud: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const t0 = Date.now();
let status = await run(path.join(cloudDir, 'status'), []);
let startedHere = false;
if (status.code !== 0) {
  console.log('cloud: the test cloud is not up; starting it (test/cloud/up), and stopping it after the tests');
  const up = await run(path.join(cloudDir, 'up'), []);
  if (up.code !== 0) {
    console.log('cloud: test/cloud/up failed (see above); the integration tests cannot run');
    await run(path.join(cloudDir, 'down'), []);
    finish(0, 1);
  }
  startedHere = true;
  status = await run(path.join(cloudDir, 'status'), []);
  if (status.code !== 0) {
    console.log('cloud: test/cloud/status still fails after up');
    await run(path.join(cloudDir, 'down'), []);
    finish(0, 1);
  }
} else {
  console.log('cloud: the test cloud is already up; it stays up after the tests');
}
const cloudsYaml = lastLine(status.stdout);
console.log(`cloud: ready after ${((Date.now() - t0) / 1000).toFixed(0)} s, OPENSTACK_TEST_CLOUDS_YAML=${cloudsYaml}`);

const tests = await run(process.execPath, [path.join(root, 'test/support/node-tests.mjs'), 'integration', '--concurrency', '1'],
  { ...process.env, OPENSTACK_TEST_CLOUDS_YAML: cloudsYaml });
const m = /(\d+) passed, (\d+) failed\s*$/.exec(tests.stdout.trimEnd());
const passed = m ? Number(m[1]) : 0;
let failed = m ? Number(m[2]) : 0;
if (tests.code !== 0 && failed === 0) failed = 1;

if (startedHere) {
  const down = await run(path.join(cloudDir, 'down'), []);
  if (down.code !== 0) { console.log('cloud: test/cloud/down failed'); failed += 1; }
}
finish(passed, failed);
