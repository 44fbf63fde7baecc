// A clouds.yaml or a workspace names files we read: a CA bundle, a client certificate, a
// clouds.yaml itself, a public key, a build recipe. A FIFO there blocks the open and the read
// until someone writes to it, and a device (`cacert: /dev/zero`, a `clouds.yaml` linked to it) says
// size 0 and never ends: before, `openstack-clouds servers --cloud x` with `cacert: /dev/zero` or
// a FIFO never returned, and the editor, which reads TLS files on its own thread, froze. Each is
// now refused as not a regular file, located where a clouds.yaml named it. (The sync readers are
// given /dev/zero, not a FIFO: on the code before, a FIFO would block this test process for ever.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegularFileError, readRegularFile, readRegularFileSync } from '../../extension/text/regularFile';
import { readTextWithin } from '../../extension/yaml/sourceText';
import { readTlsFiles } from '../../extension/openstack/http/tls';
import { readPublicKey } from '../../extension/openstack/compute/keyPairs';
import { checkTlsFiles, loadCloudsConfig, resolveClouds } from '../../extension/config/index';
import { runLint } from '../../extension/cli/lint';

const T = { timeout: 10_000 };
let dir = '';
let fifo = '';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-types-'));
  fifo = path.join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  fs.writeFileSync(path.join(dir, 'small.pem'), 'not a certificate\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (e) {
    return (e as RegularFileError).code;
  }
};

test('readRegularFile: a FIFO, a device and a folder are refused at once, a large file by its size, a small one read', T, async () => {
  assert.equal(codeOf(() => readRegularFileSync(fifo, 1024)), 'ENOTREG');
  assert.equal(codeOf(() => readRegularFileSync('/dev/zero', 1024)), 'ENOTREG');
  assert.equal(codeOf(() => readRegularFileSync(dir, 1024)), 'ENOTREG');
  assert.equal(codeOf(() => readRegularFileSync(path.join(dir, 'small.pem'), 4)), 'EFBIG');
  assert.equal(codeOf(() => readRegularFileSync(path.join(dir, 'missing'), 4)), 'ENOENT');
  assert.equal(readRegularFileSync(path.join(dir, 'small.pem'), 1024).toString(), 'not a certificate\n');
  for (const target of [fifo, '/dev/zero', dir]) {
    await assert.rejects(readRegularFile(target, 1024), (e: RegularFileError) => e.code === 'ENOTREG', target);
  }
  assert.equal((await readRegularFile(path.join(dir, 'small.pem'), 1024)).toString(), 'not a certificate\n');
  assert.equal(readTextWithin(fifo, 1024), 'missing');
  assert.equal(readTextWithin('/dev/zero', 1024), 'missing');
});

test('TLS files: cacert, cert or REQUESTS_CA_BUNDLE naming a device fail the cloud, named, before anything is sent', T, () => {
  const env = { REQUESTS_CA_BUNDLE: '', CURL_CA_BUNDLE: '', NODE_EXTRA_CA_CERTS: '' };
  assert.match(readTlsFiles({ verify: true, cacert: '/dev/zero' }, env).unreadable ?? '', /cannot read the CA bundle \/dev\/zero .*: not a regular file/);
  assert.match(readTlsFiles({ verify: true, cert: '/dev/zero', key: path.join(dir, 'small.pem') }, env).unreadable ?? '', /cannot read the client certificate \/dev\/zero \(cert in clouds\.yaml\): not a regular file/);
  assert.match(readTlsFiles({ verify: true }, { REQUESTS_CA_BUNDLE: '/dev/zero' }).unreadable ?? '', /\/dev\/zero \(REQUESTS_CA_BUNDLE in the environment\): not a regular file/);
});

test('a clouds.yaml whose cacert is a FIFO or a device: a located error on that cloud, the others untouched', T, async () => {
  const auth = "{auth_url: 'https://keystone.example/v3', username: u, password: p, project_name: x, user_domain_name: d, project_domain_name: d}";
  const clouds = path.join(dir, 'clouds.yaml');
  fs.writeFileSync(clouds, `clouds:\n  zero:\n    auth: ${auth}\n    cacert: /dev/zero\n  fifo:\n    auth: ${auth}\n    cacert: ${fifo}\n  fine:\n    auth: ${auth}\n`);
  const loaded = await loadCloudsConfig({ environment: { cwd: dir, env: {}, home: dir, platform: 'linux' } });
  const resolved = checkTlsFiles(resolveClouds(loaded));
  const problems = resolved.problems.filter((p) => p.code === 'tls-file-unreadable').map((p) => `${p.range.start.line + 1}: ${p.message}`);
  assert.deepEqual(problems, [
    '4: zero: cannot read the CA bundle /dev/zero named by cacert (not a regular file); no request is sent to this cloud',
    `7: fifo: cannot read the CA bundle ${fifo} named by cacert (not a regular file); no request is sent to this cloud`,
  ]);
  assert.deepEqual(resolved.clouds.map((c) => `${c.name} ${c.status}`), ['zero error', 'fifo error', 'fine ok']);
});

test('a clouds.yaml that is a FIFO or a device is skipped with a warning, as an unreadable one is', T, async () => {
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  for (const file of [fifo, path.join(dir, 'zero.yaml')]) {
    const loaded = await loadCloudsConfig({ environment: { cwd: undefined, env: { OS_CLIENT_CONFIG_FILE: file }, home: path.join(dir, 'home'), platform: 'linux' } });
    assert.equal(loaded.files.clouds, undefined, file);
    assert.deepEqual(loaded.problems.map((p) => `${p.severity} ${p.message}`), [`warning ${file} exists but is not a regular file (a FIFO or a device); it was skipped`]);
  }
});

test('a public key that is a FIFO or a device is refused, not waited for', T, async () => {
  for (const file of [fifo, '/dev/zero']) await assert.rejects(readPublicKey(file), new RegExp(`${file.replace(/[.]/g, '\\.')}: not a regular file`));
});

test('lint given a FIFO or a device (a shell glob over a hostile repository) reports it and checks the rest', T, async () => {
  const playbook = path.join(dir, 'site.yml');
  fs.writeFileSync(playbook, '- hosts: localhost\n  tasks: []\n');
  let out = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t) };
  assert.equal(await runLint([fifo, '/dev/zero', playbook], io, { cwd: dir, env: {} }), 1);
  assert.match(out, new RegExp(`cannot read ${fifo.replace(/[.]/g, '\\.')}: not a regular file`));
  assert.match(out, /cannot read \/dev\/zero: not a regular file/);
  assert.match(out, /3 files checked: 2 errors/);
});
