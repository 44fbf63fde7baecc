// The test cloud's life around a test run: `ensureCloud()` starts it (test/cloud/up) only when
// test/cloud/status fails, and `releaseCloud()` stops it (test/cloud/down) only if this run
// started it, so a run leaves the machine as it found it. test/run.mjs does this once for every
// stage that needs the cloud and tells the stages through the environment:
//   OPENSTACK_TEST_CLOUDS_YAML   the generated clouds.yaml (unset: the cloud could not start)
//   OPENSTACK_TEST_CLOUD_MANAGED 1: the caller owns the cloud's life; a stage neither starts nor stops it
// A stage run on its own (`npm run test:vscode`) calls ensureCloud/releaseCloud itself.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const cloudDir = path.join(root, 'test', 'cloud');

/** Runs a command, echoing its output; resolves with its exit code and full stdout. */
function run(cmd, args, { quiet = false } = {}) {
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn(cmd, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => { stdout += chunk; if (!quiet) process.stdout.write(chunk); });
    child.on('error', (err) => { console.error(`${cmd}: ${err.message}`); resolve({ code: 127, stdout }); });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

const lastLine = (text) => text.trimEnd().split('\n').pop() ?? '';

/**
 * The cloud for this run. `{ cloudsYaml, startedHere, managed }`; cloudsYaml is undefined when
 * the cloud cannot start (the tests that need it then fail, loudly). With
 * OPENSTACK_TEST_CLOUD_MANAGED=1 the caller has done this already: its answer is reused.
 */
export async function ensureCloud(label = 'cloud') {
  if (process.env.OPENSTACK_TEST_CLOUD_MANAGED === '1') {
    return { cloudsYaml: process.env.OPENSTACK_TEST_CLOUDS_YAML || undefined, startedHere: false, managed: true };
  }
  const t0 = Date.now();
  let status = await run(path.join(cloudDir, 'status'), [], { quiet: true });
  let startedHere = false;
  if (status.code !== 0) {
    console.log(`${label}: the test cloud is not up; starting it (test/cloud/up), and stopping it after the tests`);
    const up = await run(path.join(cloudDir, 'up'), []);
    startedHere = true;
    if (up.code === 0) status = await run(path.join(cloudDir, 'status'), []);
    if (up.code !== 0 || status.code !== 0) {
      console.log(`${label}: the test cloud did not come up (see above); the tests that need it fail`);
      await run(path.join(cloudDir, 'down'), []);
      return { cloudsYaml: undefined, startedHere: false, managed: false };
    }
  } else {
    console.log(`${label}: the test cloud is already up; it stays up after the tests`);
  }
  const cloudsYaml = lastLine(status.stdout);
  console.log(`${label}: cloud ready after ${((Date.now() - t0) / 1000).toFixed(0)} s, OPENSTACK_TEST_CLOUDS_YAML=${cloudsYaml}`);
  return { cloudsYaml, startedHere, managed: false };
}

/** Stops the cloud if `ensureCloud` started it; resolves false when `down` failed. */
export async function releaseCloud(state, label = 'cloud') {
  if (!state?.startedHere) return true;
  console.log(`${label}: stopping the test cloud this run started (test/cloud/down)`);
  const down = await run(path.join(cloudDir, 'down'), []);
  if (down.code !== 0) console.log(`${label}: test/cloud/down failed`);
  return down.code === 0;
}
