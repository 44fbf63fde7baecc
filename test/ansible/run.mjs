// The `ansible` test stage: exported playbooks run by the real ansible-playbook (Debian 13's, in
// the root test/ansible/install.sh makes and caches) against the local test cloud. Prints how long
// the install took, then runs test/ansible/*.test.ts one at a time. Output ends with
// `ansible: N passed, N failed`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureCloud, releaseCloud } from '../cloud/lifecycle.mjs';

const root = path.resolve(import.meta.dirname, '../..');

function finish(passed, failed) {
  console.log(`ansible: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** Runs a command with stdout captured (and echoed unless quiet); resolves with code and stdout. */
function run(cmd, args, env, quiet = false) {
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => { stdout += chunk; if (!quiet) process.stdout.write(chunk); });
    child.on('error', (err) => { console.error(`${cmd}: ${err.message}`); resolve({ code: 127, stdout }); });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

const t0 = Date.now();
const install = await run('bash', [path.join(root, 'test/ansible/install.sh')], process.env, true);
const ansibleRoot = install.stdout.trim().split('\n').pop();
console.log(`ansible: root ${ansibleRoot || '-'} ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
if (install.code !== 0 || !ansibleRoot) finish(0, 1);

const cloud = await ensureCloud('ansible');
if (!cloud.cloudsYaml) finish(0, 1);
const tests = await run(process.execPath, [path.join(root, 'test/support/node-tests.mjs'), 'ansible', '--concurrency', '1', ...process.argv.slice(2)],
  { ...process.env, OPENSTACK_TEST_CLOUDS_YAML: cloud.cloudsYaml, OPENSTACK_TEST_ANSIBLE_ROOT: ansibleRoot });
const m = /(\d+) passed, (\d+) failed\s*$/.exec(tests.stdout.trimEnd());
const passed = m ? Number(m[1]) : 0;
let failed = m ? Number(m[2]) : 0;
if (tests.code !== 0 && failed === 0) failed = 1;
if (!(await releaseCloud(cloud, 'ansible'))) failed += 1;
finish(passed, failed);
