// The .vsix holds only what runs (dist without source maps, syntaxes, schemas, package.json and
// its translations, README, CHANGELOG, LICENSE) plus the icon, the view icons and the walkthrough
// media, stays small, and is what the Marketplace needs: packaged without a vsce warning, every
// manifest string translated, the walkthrough's buttons naming commands the extension has, the
// icon a PNG of at least 128x128 and the README's images absolute https URLs of committed files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import { nlsProblems } from '../../../scripts/package-nls.mjs';
import { walkthroughProblems } from '../../support/manifest.mjs';
import { listVsix, readVsixFile } from '../vsix.mjs';

const MAX_VSIX_BYTES = 1024 * 1024;
const VSIX_METADATA = ['[Content_Types].xml', 'extension.vsixmanifest'];
/** Paths inside the extension folder (as `vsce ls` prints them; the .vsix puts them under extension/). */
const ALLOWED = [
  /^package(\.nls)?\.json$/,
  /^readme\.md$/i,
  /^changelog\.md$/i,
  /^license(\.txt)?$/i,
  /^dist\/(extension|cli|cli\.bundle)\.js$/,
  /^dist\/webview\/[^/]+\.(js|css)$/,
  /^(syntaxes|schemas)\/[^/]+\.json$/,
  /^media\/[^/]+\.(svg|png)$/,
  /^media\/walkthrough\/[^/]+\.(md|png|svg)$/,
];
const REQUIRED = ['package.json', 'package.nls.json', 'dist/extension.js', 'dist/cli.js', 'dist/cli.bundle.js', 'readme.md', 'changelog.md', 'LICENSE.txt', 'media/openstack.svg', 'media/icon.png'];
const PROJECT_RAW = 'https://github.com/openstack-clouds/openstack-clouds-vscode/raw/HEAD/';

const packaged = (t) => listVsix(t.vsix).map((e) => e.name).filter((n) => !VSIX_METADATA.includes(n)).map((n) => n.replace(/^extension\//, ''));
const vsixJson = (t, name) => JSON.parse(readVsixFile(t.vsix, `extension/${name}`).toString('utf8'));

/** Media files package.json names anywhere: the icon, view and command icons, walkthrough media. */
function mediaInUse(pkg) {
  const used = new Set();
  JSON.stringify(pkg, (_, v) => {
    if (typeof v === 'string' && /^(\.\/)?media\//.test(v)) used.add(v.replace(/^\.\//, ''));
    return v;
  });
  return used;
}

export async function vsixContainsOnlyWhatRuns(t) {
  const names = packaged(t);
  console.log(`    .vsix files: ${names.join(', ')}`);
  assert.deepEqual(names.filter((n) => !ALLOWED.some((re) => re.test(n))), [], 'files in the .vsix that do not run');
  for (const required of REQUIRED) assert.ok(names.includes(required), `${required} missing from the .vsix`);
  assert.ok(!names.some((n) => n.endsWith('.map')), 'source maps in the .vsix');
  const used = mediaInUse(vsixJson(t, 'package.json'));
  assert.deepEqual(names.filter((n) => n.startsWith('media/') && !used.has(n)), [], 'media in the .vsix that package.json does not use');
  assert.deepEqual([...used].filter((m) => !names.includes(m)), [], 'media package.json uses that the .vsix lacks');
}

export async function vsceLsListsWhatThePackageHolds(t) {
  const ls = spawnSync(path.join(repoRoot, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(ls.status, 0, `vsce ls failed:\n${ls.stdout}${ls.stderr}`);
  const listed = ls.stdout.trim().split('\n').map((s) => s.trim()).filter(Boolean);
  assert.doesNotMatch(ls.stderr, /WARNING/, 'vsce ls warns');
  assert.deepEqual(listed.filter((n) => !ALLOWED.some((re) => re.test(n))), [], 'files vsce ls would package that do not run');
  // The .vsix renames README.md and LICENSE; otherwise the two lists are the same files.
  const canonical = (n) => n.toLowerCase().replace(/^license(\.txt)?$/, 'license');
  assert.deepEqual(listed.map(canonical).sort(), packaged(t).map(canonical).sort());
}

export async function vsixPackagingWarnsAboutNothing(t) {
  const output = t.packageOutput ?? '';
  assert.match(output, /DONE\s+Packaged: /, `npm run package did not finish:\n${output}`);
  const warnings = output.split('\n').filter((line) => /\bWARNING\b/i.test(line));
  assert.deepEqual(warnings, [], 'vsce package printed warnings');
}

export async function vsixTranslatesEveryManifestString(t) {
  assert.deepEqual(nlsProblems(vsixJson(t, 'package.json'), vsixJson(t, 'package.nls.json')), []);
  // The Marketplace listing (extension.vsixmanifest) gets the text, not the %key%.
  const manifest = readVsixFile(t.vsix, 'extension.vsixmanifest').toString('utf8');
  assert.match(manifest, /<DisplayName>OpenStack Clouds<\/DisplayName>/);
  assert.doesNotMatch(manifest, /%[\w.]+%/, 'an untranslated %key% in the Marketplace listing');
}

export async function vsixWalkthroughButtonsNameContributedCommands(t) {
  const names = packaged(t);
  const problems = walkthroughProblems(vsixJson(t, 'package.json'), vsixJson(t, 'package.nls.json'), (file) => names.includes(file));
  assert.deepEqual(problems, []);
}

export async function vsixIconAndReadmeImagesRenderOnTheMarketplace(t) {
  const pkg = vsixJson(t, 'package.json');
  const icon = readVsixFile(t.vsix, `extension/${pkg.icon}`);
  assert.equal(icon.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${pkg.icon} is not a PNG`);
  const [width, height] = [icon.readUInt32BE(16), icon.readUInt32BE(20)];
  assert.ok(width >= 128 && height >= 128, `icon is ${width}x${height}`);
  assert.ok(pkg.preview && pkg.galleryBanner?.color, 'preview flag and gallery banner');
  // vsce rewrites the README's relative images to the repository's raw URLs; each must be https,
  // not SVG (the Marketplace refuses both), and name a file the repository has.
  const readme = readVsixFile(t.vsix, 'extension/readme.md').toString('utf8');
  // vsce leaves a <picture>'s <source srcset> as it is: the README gives the absolute URL there.
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img[^>]+src=["']([^"']+)/g), ...readme.matchAll(/<source[^>]+srcset=["']([^"']+)/g)].map((m) => m[1]);
  assert.ok(images.length > 0, 'the README shows no screenshot');
  for (const src of images) {
    assert.ok(src.startsWith(PROJECT_RAW), `README image ${src} is not an absolute URL of the project`);
    assert.doesNotMatch(src, /\.svg$/i, `README image ${src} is an SVG`);
    assert.ok(fs.existsSync(path.join(repoRoot, src.slice(PROJECT_RAW.length))), `README image ${src} names no file of the repository`);
  }
}

export async function vsixIsUnderOneMegabyte(t) {
  const size = fs.statSync(t.vsix).size;
  const unpacked = listVsix(t.vsix).reduce((sum, e) => sum + e.size, 0);
  console.log(`    .vsix: ${(size / 1024).toFixed(1)} KiB (${(unpacked / 1024).toFixed(1)} KiB unpacked)`);
  assert.ok(size < MAX_VSIX_BYTES, `.vsix is ${size} bytes`);
}
