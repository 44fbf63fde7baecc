// `npm test`: every test stage in order, each ending with a closing line `<stage>: N passed, N failed`,
// then one for the whole run. A stage that cannot start its service fails; nothing is skipped.
// The stages that need the local test OpenStack (cloud, vscode, ui, demo) share one: it is brought up
// before the first of them if it is not up, and taken down at the end only if this run started it.
//   node test/run.mjs                 all stages
//   node test/run.mjs unit vscode     only these
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureCloud, releaseCloud } from './cloud/lifecycle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const node = process.execPath;

/** Each stage is a command whose output ends with `N passed, N failed`. */
const STAGES = {
  typecheck: { what: 'TypeScript strict type check', cmd: [node, 'test/support/typecheck.mjs'] },
  unit: { what: 'unit tests of the plain-TypeScript core (node:test)', cmd: [node, 'test/support/node-tests.mjs', 'unit'] },
  cloud: { what: 'integration tests against a real OpenStack on 127.0.0.1 (test/cloud/)', cmd: [node, 'test/cloud/run.mjs'], needsCloud: true },
  ansible: { what: 'exported playbooks run by the real ansible-playbook (Debian 13 root, test/ansible/install.sh) against the test cloud', cmd: [node, 'test/ansible/run.mjs'], needsCloud: true },
  vscode: { what: 'integration tests in a real VS Code extension host (code-server + headless chromium) against the test cloud', cmd: [node, 'test/vscode/run.mjs'], needsCloud: true },
  ui: { what: 'UI tests of the packaged .vsix in a real VS Code workbench (code-server + playwright) against the test cloud', cmd: [node, 'test/ui/run.mjs'], needsCloud: true },
  demo: { what: 'the README\'s `npm run demo` as a user runs it (local test cloud and DEMO_CLOUD=example): URL, OpenStack view, Ctrl-C', cmd: [node, 'test/demo/run.mjs'], needsCloud: true },
};

const wanted = process.argv.slice(2);
for (const name of wanted) if (!STAGES[name]) { console.error(`unknown stage ${name}; stages: ${Object.keys(STAGES).join(', ')}`); process.exit(2); }
const selected = wanted.length ? wanted : Object.keys(STAGES);

function run(name, { cmd }, env) {
  return new Promise((resolve) => {
    let last = '';
    const failures = []; // the `✘ name` lines, repeated in the summary: CI shows only the end of the log
    const t0 = Date.now();
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (/\b\d+ passed, \d+ failed\s*$/.test(line)) last = line.trim();
        // (not the node reporter's recap of the same failures, `✘ path.test.ts: name`)
        if (/^\s*✘ /.test(line) && !/^\s*✘ \S+\.test\.ts: /.test(line) && failures.length < 20) failures.push(line.trim().slice(0, 300));
      }
    });
    child.on('close', (code) => {
      const m = /(\d+) passed, (\d+) failed$/.exec(last);
      const passed = m ? Number(m[1]) : 0;
      let failed = m ? Number(m[2]) : 0;
      if (code !== 0 && failed === 0) failed = 1; // the stage itself broke (a service did not start, a build failed)
      resolve({ name, passed, failed, code, failures, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

const t0 = Date.now();
const results = [];
let cloud;
const env = { ...process.env };
for (const name of selected) {
  if (STAGES[name].needsCloud && !cloud) {
    console.log('\n=== the test cloud, for the stages that need it ===');
    const tc = Date.now();
    cloud = await ensureCloud('test cloud');
    cloud.seconds = (Date.now() - tc) / 1000;
    env.OPENSTACK_TEST_CLOUD_MANAGED = '1';
    if (cloud.cloudsYaml) env.OPENSTACK_TEST_CLOUDS_YAML = cloud.cloudsYaml;
    else delete env.OPENSTACK_TEST_CLOUDS_YAML;
  }
  console.log(`\n=== ${name}: ${STAGES[name].what} ===`);
  const r = await run(name, STAGES[name], env);
  console.log(`${name}: ${r.passed} passed, ${r.failed} failed`);
  results.push(r);
}
if (cloud && !(await releaseCloud(cloud, 'test cloud'))) results.push({ name: 'cloud down', passed: 0, failed: 1, code: 1, seconds: 0 });
console.log('\n=== summary ===');
if (cloud) console.log(`  ${'(cloud)'.padEnd(10)} ${cloud.cloudsYaml ? (cloud.startedHere ? 'started for this run' : 'was already up') : 'DID NOT START'} (${cloud.seconds.toFixed(0)} s)`);
for (const r of results) {
  console.log(`  ${r.name.padEnd(10)} ${r.passed} passed, ${r.failed} failed${r.code ? ` (exit ${r.code})` : ''} (${r.seconds.toFixed(0)} s)`);
  for (const line of new Set(r.failures ?? [])) console.log(`             ${line}`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log(`total time ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`all: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
