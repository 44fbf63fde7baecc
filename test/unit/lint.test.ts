import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../extension/cli/main';
import { runLint } from '../../extension/cli/lint';
import { fixture } from '../support/paths';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-test-'));
fs.writeFileSync(path.join(dir, 'clouds.yaml'), 'clouds:\n  vexxhost: {}\n  dreamhost: {}\n  devstack: {}\n');
fs.copyFileSync(fixture('language', 'talk-playbook.yml'), path.join(dir, 'talk.yml'));
fs.copyFileSync(fixture('language', 'corpus', '03-blocks.yml'), path.join(dir, 'good.yml'));
const options = { cwd: dir, env: { OS_CLIENT_CONFIG_FILE: path.join(dir, 'clouds.yaml') } };

test('lint --format json: the four mistakes, 1-based, and exit 1', async () => {
  const io = capture();
  assert.equal(await runLint(['--format', 'json', 'talk.yml'], io, options), 1);
  const out = JSON.parse(io.stdout);
  assert.deepEqual(out.map((p: { line: number; column: number; code: string }) => [p.line, p.column, p.code]), [
    [15, 17, 'jinja-unbalanced'],
    [24, 9, 'unknown-option'],
    [26, 7, 'unknown-keyword'],
    [32, 16, 'unknown-resource'],
  ]);
  assert.deepEqual(Object.keys(out[0]), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
  assert.deepEqual(out[1], { file: 'talk.yml', line: 24, column: 9, endLine: 24, endColumn: 13, severity: 'error', code: 'unknown-option', message: "openstack.cloud.image has no option 'file'; did you mean 'filename'?" });
});

test('lint text output and exit 0 for a valid file; a missing file is an error', async () => {
  const io = capture();
  assert.equal(await runLint(['good.yml'], io, options), 0);
  assert.match(io.stdout, /1 file checked: 0 errors, 0 warnings/);
  const missing = capture();
  assert.equal(await runLint(['--format=text', 'nope.yml'], missing, options), 1);
  assert.match(missing.stdout, /nope.yml:1:1: error \[file-unreadable\]/);
});

test('lint --format sarif gives a SARIF 2.1.0 log with rules and regions', async () => {
  const io = capture();
  assert.equal(await runLint(['--format', 'sarif', 'talk.yml', 'good.yml'], io, options), 1);
  const sarif = JSON.parse(io.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'openstack-clouds');
  assert.equal(run.results.length, 4);
  assert.deepEqual(run.results[3].locations[0].physicalLocation.region, { startLine: 32, startColumn: 16, endLine: 32, endColumn: 27 });
  assert.equal(run.results[3].level, 'warning');
  assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, run.results[0].ruleId);
});

test('lint usage mistakes exit 2', async () => {
  for (const args of [[], ['--format', 'xml', 'a.yml'], ['--frobnicate', 'a.yml']]) {
    const io = capture();
    assert.equal(await runLint(args, io, options), 2);
    assert.match(io.stderr, /Usage: openstack-clouds lint/);
  }
});

test('the CLI dispatches lint and lists it in --help', async () => {
  const io = capture();
  assert.equal(await runCli(['lint', '--help'], io), 0);
  assert.match(io.stdout, /--format text\|json\|sarif/);
  const help = capture();
  await runCli(['--help'], help);
  assert.match(help.stdout, /lint \[--format/);
});

test('lint secure.yaml judges its auth keys on the cloud merged with the clouds.yaml beside it', async () => {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-secure-'));
  fs.writeFileSync(path.join(config, 'clouds.yaml'), 'clouds:\n  multi:\n    auth_type: v3applicationcredential\n    auth:\n      auth_url: https://keystone.example.com/v3\n      application_credential_id: abc\n');
  fs.writeFileSync(path.join(config, 'secure.yaml'), 'clouds:\n  multi:\n    auth:\n      application_credential_secret: s3cr3t\n');
  const io = capture();
  assert.equal(await runLint(['secure.yaml', 'clouds.yaml'], io, { cwd: config, env: {} }), 0, io.stdout);
  assert.match(io.stdout, /2 files checked: 0 errors, 0 warnings, 0 notes/);
});
