// Activation is cheap: the production bundle of the extension is loaded in plain Node with a
// recording stand-in for `vscode` (no VS Code needed: this is a unit test; the real extension
// host runs test/vscode/). activate() must only wire: under 50 ms, no network, no file read.
// The first use of the tree then reads clouds files and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, fixture } from '../support/paths';
import { createVscodeStub } from './support/vscodeStub';
import { recordIo } from './support/ioRecorder';
import { buildAsShipped } from './support/shippedBundle';

const CLOUDS_FILE = /(^|\/)(clouds|secure|clouds-public)\.(ya?ml|json)$/;
const ACTIVATE_BUDGET_MS = 50;

interface ExtensionModule {
  activate(context: unknown): { cloudsTree: { getChildren(): Promise<{ cloud?: { name: string } }[]> } };
}

/** Loads a bundle with `require('vscode')` answered by `vscodeStub`. */
function loadWithStub(file: string, vscodeStub: unknown): ExtensionModule {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const originalLoad = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : originalLoad.call(this, request, ...rest);
  };
  try {
    return Module.createRequire(file)(file) as ExtensionModule;
  } finally {
    loader._load = originalLoad;
  }
}

test('activate() only wires: < 50 ms, no network, no file read; the tree then reads only clouds files', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oscl-activation-'));
  try {
    const bundle = await buildAsShipped('dist/extension.js', tmp);
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace);
    fs.copyFileSync(fixture('clouds', 'two-clouds.yaml'), path.join(workspace, 'clouds.yaml'));
    const { vscode, calls } = createVscodeStub({
      'workspace.workspaceFolders': [{ uri: { fsPath: workspace } }],
      'workspace.textDocuments': [], // VS Code gives an array (the language features look at open documents)
      'workspace.getConfiguration()': { get: () => undefined },
    });
    // workspaceState as VS Code gives it, empty (the tree reads the cloud filter from it).
    const workspaceState = { get: () => undefined, update: async () => undefined, keys: () => [] };
    const context = { subscriptions: [] as unknown[], extensionUri: {}, extensionPath: repoRoot, workspaceState };

    const io = recordIo();
    let loadMs: number;
    let activateMs: number;
    let api: ReturnType<ExtensionModule['activate']>;
    try {
      let t = performance.now();
      const extension = loadWithStub(bundle, vscode);
      loadMs = performance.now() - t;
      t = performance.now();
      api = extension.activate(context);
      activateMs = performance.now() - t;
      await new Promise((r) => setTimeout(r, 300)); // anything activation started in the background
    } finally {
      io.restore();
    }
    console.log(`  bundle load ${loadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(2)} ms`);
    assert.ok(activateMs < ACTIVATE_BUDGET_MS, `activate() took ${activateMs.toFixed(1)} ms`);
    assert.deepEqual(io.network, [], 'activation tried to use the network');
    assert.deepEqual(io.files.filter((f) => f !== bundle), [], 'activation read files');

    // What activation wired: every contributed command, the Clouds view, disposables.
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const registered = new Set(calls.filter((c) => c.path === 'commands.registerCommand').map((c) => c.args[0]));
    const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), [], 'contributed commands that activate() does not register');
    assert.ok(calls.some((c) => c.path === 'window.createTreeView' && c.args[0] === 'openstackClouds'), 'the Clouds view is not created');
    assert.ok(context.subscriptions.length >= registered.size, 'commands and view are disposed with the extension');

    // First use of the tree: reads clouds files only (the recorder does see them), still no network.
    const firstUse = recordIo();
    let roots: { cloud?: { name: string } }[];
    try {
      roots = await api.cloudsTree.getChildren();
    } finally {
      firstUse.restore();
    }
    assert.deepEqual(roots.map((r) => r.cloud?.name), ['home-lab', 'edge-cloud']);
    assert.ok(firstUse.files.includes(path.join(workspace, 'clouds.yaml')), 'the recorder saw the clouds.yaml read');
    assert.deepEqual(firstUse.files.filter((f) => !CLOUDS_FILE.test(f)), [], 'the tree read files that are not clouds files');
    assert.deepEqual(firstUse.network, []);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
