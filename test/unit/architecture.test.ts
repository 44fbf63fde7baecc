// The layers of the design card, checked on the source: the core (config, openstack, baseImages, images, language, text,
// yaml) and the CLI never reach VS Code, neither directly nor through the UI layer, so they run
// in plain Node; only extension/ui/ and the wiring in extension/extension.ts import `vscode`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';

const SOURCE = path.join(repoRoot, 'extension');
const CORE = ['config', 'openstack', 'language', 'yaml', 'text', 'cli', 'baseImages', 'images'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(full) : d.name.endsWith('.ts') ? [full] : [];
  });
}

/** Module specifiers of static imports/exports, `import()` and `require()`. */
function importsOf(source: string): string[] {
  const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(specifiers)].map((m) => m[1]!);
}

/** Where an import leads: `vscode`, or the layer folder under extension/ it resolves into. */
function target(file: string, specifier: string): string | undefined {
  if (specifier === 'vscode') return 'vscode';
  if (!specifier.startsWith('.')) return undefined;
  const relative = path.relative(SOURCE, path.resolve(path.dirname(file), specifier));
  return relative.split(path.sep)[0];
}

test('importsOf finds every form of import', () => {
  const source = "import * as vscode from 'vscode';\nimport type { A } from \"../ui/a\";\nexport { b } from './b';\nimport './side';\nconst c = require('c');\nconst d = await import('d');";
  assert.deepEqual(importsOf(source), ['vscode', '../ui/a', './b', './side', 'c', 'd']);
});

test('the core and the CLI never import vscode or the UI layer', () => {
  const files = tsFiles(SOURCE).filter((f) => CORE.includes(path.relative(SOURCE, f).split(path.sep)[0]!.replace(/\.ts$/, '')));
  assert.ok(files.length > 50, `the core has its files (${files.length})`);
  const offenders = files.flatMap((file) => importsOf(fs.readFileSync(file, 'utf8'))
    .filter((s) => ['vscode', 'ui', 'extension'].includes(target(file, s) ?? ''))
    .map((s) => `${path.relative(repoRoot, file)} imports ${s}`));
  assert.deepEqual(offenders, []);
});

test('only extension/ui/ and extension/extension.ts import vscode', () => {
  const importers = tsFiles(SOURCE).filter((f) => importsOf(fs.readFileSync(f, 'utf8')).includes('vscode')).map((f) => path.relative(SOURCE, f));
  assert.ok(importers.includes('extension.ts') || importers.some((f) => f.startsWith(`ui${path.sep}`)), 'something talks to VS Code');
  assert.deepEqual(importers.filter((f) => f !== 'extension.ts' && !f.startsWith(`ui${path.sep}`)), []);
});
