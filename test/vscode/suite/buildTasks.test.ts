// Build instead of download (issue 12) in the real extension host: the workspace's image recipes
// are tasks of type openstack-image-build; a Packer template (a legacy JSON one: `.pkr.json` is
// HCL2's JSON syntax, where `builders` is refused) is built by the real packer (Debian's
// 1.6.6, installed by test/vscode/run.mjs; its `file` builder copies the test cloud's qcow2, so
// no network and no VM are needed), and what it left is uploaded with "Upload Built Image…" to
// the real local cloud, where it is active. A playbook beside them is not offered as a recipe.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { testCloud } from '../../support/testCloud';
import { removeByPrefix, session, uniqueName } from '../../support/cloudSessions';
import { api, waitForRoots, workspaceFile } from './helpers';

const TYPE = 'openstack-image-build';

describe('image build tasks (diskimage-builder, Packer)', function () {
  this.timeout(120_000);
  const settings = () => vscode.workspace.getConfiguration('openstack');
  const name = uniqueName('vs-built');
  const dir = workspaceFile('image-recipes');

  before(async () => {
    await api();
    const cloud = testCloud();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ builders: [{ type: 'file', name: 'base', source: cloud.imageFiles.qcow2, target: `output/${name}.qcow2` }] }, null, 2));
    fs.writeFileSync(path.join(dir, 'dib.yaml'), '- imagename: web\n  elements: [ubuntu, vm]\n  environment: {DIB_RELEASE: noble}\n');
    fs.writeFileSync(path.join(dir, 'site.yml'), '- hosts: all\n  tasks:\n    - debug: {msg: hi}\n');
    await settings().update('cloudsFile', cloud.cloudsYaml, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['local-password', 'local-appcred', 'local-tasks'], 15_000);
  });

  after(async () => {
    await removeByPrefix(await session('local-password'), name);
    await settings().update('cloudsFile', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForRoots(['home-lab', 'edge-cloud'], 15_000);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers one task per recipe, none for a playbook', async () => {
    const tasks = (await vscode.tasks.fetchTasks({ type: TYPE })).filter((t) => (t.definition.file as string).startsWith('image-recipes'));
    assert.deepEqual(tasks.map((t) => [t.name, t.definition.file]).sort(), [
      ['build base (packer: image-recipes/base.json)', 'image-recipes/base.json'],
      ['build web (diskimage-builder: image-recipes/dib.yaml)', 'image-recipes/dib.yaml'],
    ]);
    assert.ok(tasks.every((t) => t.group?.id === vscode.TaskGroup.Build.id), 'build tasks are in the Build group');
  });

  it('builds the Packer template with the real packer, then uploads what it left to the local cloud', async () => {
    const [task] = (await vscode.tasks.fetchTasks({ type: TYPE })).filter((t) => t.definition.file === 'image-recipes/base.json');
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.tasks.onDidEndTask((e) => {
        if (e.execution.task.definition.file === task.definition.file) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    const image = path.join(dir, 'output', `${name}.qcow2`);
    assert.ok(fs.existsSync(image), 'packer left the image file');
    const result = await vscode.commands.executeCommand<{ results: { target: string; ok: boolean; status?: string; error?: string }[] }>(
      'openstack.uploadBuiltImage', { targets: ['local-password'], name });
    assert.deepEqual(result.results.map((r) => [r.target, r.ok, r.status ?? r.error]), [['local-password/RegionOne', true, 'active']]);
  });
});
