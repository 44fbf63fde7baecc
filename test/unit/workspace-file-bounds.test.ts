// Files a workspace holds may be any size; the ones we read beside the document being edited (a
// role's meta/main.yml, a requirements file, a secure.yaml beside a clouds.yaml) are read only
// up to a bound, so that a hostile workspace cannot make the editor's thread read gigabytes. The
// large files here are sparse: reading one would take seconds and gigabytes of memory, so a test
// that finishes at once has not read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diskSnapshot } from '../../extension/language/roleCollections';
import { siblingConfigFiles } from '../../extension/language/configFiles';
import { readTextWithin } from '../../extension/yaml/sourceText';
import { runLint } from '../../extension/cli/lint';

const GIB = 1024 ** 3;

function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bounds-'));
}

function sparse(file: string, bytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'collections: [openstack.cloud]\n');
  fs.truncateSync(file, bytes);
}

test('readTextWithin: a small file is read; a large, a missing or a folder is not', () => {
  const dir = workspace();
  try {
    fs.writeFileSync(path.join(dir, 'small.yml'), 'a: 1\n');
    sparse(path.join(dir, 'huge.yml'), 2 * GIB);
    assert.deepEqual(readTextWithin(path.join(dir, 'small.yml'), 1024), { text: 'a: 1\n' });
    assert.equal(readTextWithin(path.join(dir, 'huge.yml'), 1024), 'too-large');
    assert.equal(readTextWithin(path.join(dir, 'none.yml'), 1024), 'missing');
    assert.equal(readTextWithin(dir, 1024), 'missing');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a role whose meta/main.yml is gigabytes: its tasks are checked as without one, at once', async () => {
  const dir = workspace();
  try {
    sparse(path.join(dir, 'roles/web/meta/main.yml'), 2 * GIB);
    fs.mkdirSync(path.join(dir, 'roles/web/tasks'), { recursive: true });
    const tasks = path.join(dir, 'roles/web/tasks/main.yml');
    fs.writeFileSync(tasks, '- name: a server\n  openstack.cloud.server:\n    name: web\n    image: cirros\n    flavor: m1.tiny\n    flavour: m1.small\n');
    assert.equal(diskSnapshot(path.join(dir, 'roles/web/meta/main.yml')), undefined);
    let out = '';
    const started = Date.now();
    const code = await runLint(['--format', 'json', tasks], { out: (t) => void (out += t), err: (t) => void (out += t) }, { cwd: dir, env: {} });
    assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(out) as { code: string }[]).map((f) => f.code), ['unknown-option']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a secure.yaml of gigabytes beside a linted clouds.yaml is left out of its configuration', () => {
  const dir = workspace();
  try {
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), 'clouds:\n  a:\n    auth: {auth_url: "https://k.example/v3"}\n');
    fs.writeFileSync(path.join(dir, 'clouds-public.yaml'), 'public-clouds: {}\n');
    sparse(path.join(dir, 'secure.yaml'), 2 * GIB);
    assert.deepEqual(siblingConfigFiles(path.join(dir, 'clouds.yaml')).map((f) => f.kind), ['clouds-public']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
