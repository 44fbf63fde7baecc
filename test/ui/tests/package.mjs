// The .vsix holds only what runs (dist without source maps, syntaxes, media, README, LICENSE,
// package.json; schemas when there are any) and stays small.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { listVsix } from '../vsix.mjs';

const MAX_VSIX_BYTES = 1024 * 1024;
const VSIX_METADATA = ['[Content_Types].xml', 'extension.vsixmanifest'];
const ALLOWED = [
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt)?$/i,
  /^extension\/dist\/(extension|cli)\.js$/,
  /^extension\/dist\/webview\/[^/]+\.(js|css)$/,
  /^extension\/(syntaxes|schemas)\/[^/]+\.json$/,
  /^extension\/media\/[^/]+\.(svg|png)$/,
];

export async function vsixContainsOnlyWhatRuns(t) {
  const names = listVsix(t.vsix).map((e) => e.name);
  console.log(`    .vsix files: ${names.join(', ')}`);
  const unexpected = names.filter((n) => !VSIX_METADATA.includes(n) && !ALLOWED.some((re) => re.test(n)));
  assert.deepEqual(unexpected, [], 'files in the .vsix that do not run');
  for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/readme.md', 'extension/LICENSE.txt', 'extension/media/openstack.svg']) {
    assert.ok(names.includes(required), `${required} missing from the .vsix`);
  }
  assert.ok(!names.some((n) => n.endsWith('.map')), 'source maps in the .vsix');
}

export async function vsixIsUnderOneMegabyte(t) {
  const size = fs.statSync(t.vsix).size;
  const unpacked = listVsix(t.vsix).reduce((sum, e) => sum + e.size, 0);
  console.log(`    .vsix: ${(size / 1024).toFixed(1)} KiB (${(unpacked / 1024).toFixed(1)} KiB unpacked)`);
  assert.ok(size < MAX_VSIX_BYTES, `.vsix is ${size} bytes`);
}
