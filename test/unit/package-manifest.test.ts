// package.json as the Marketplace and a translator see it: every user-visible string is a %key%
// of package.nls.json (and every key is used), the Getting Started walkthrough walks from
// clouds.yaml to a booted server with buttons for real commands, and the icon is a PNG of at
// least 128x128. The packaged copy is checked again in the .vsix (test/ui/tests/package.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';
import { moveLiteralsToNls, nlsProblems, userVisibleStrings } from '../../scripts/package-nls.mjs';
import { localized, walkthroughProblems, walkthroughSteps } from '../support/manifest.mjs';
import { parseYaml } from '../../extension/yaml/positionedYaml';

const read = (file: string) => JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8'));
const pkg = read('package.json');
const nls: Record<string, string> = read('package.nls.json');

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const png = fs.readFileSync(file);
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is not a PNG`);
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('package.nls.json: every user-visible string of package.json is a %key% with text, and every key is used', () => {
  assert.deepEqual(nlsProblems(pkg, nls), []);
  const fields = new Set(userVisibleStrings(pkg).map((s) => s.path.filter((p) => typeof p === 'string').at(-1)));
  for (const field of ['title', 'category', 'name', 'contents', 'markdownDescription', 'enumDescriptions', 'description']) {
    assert.ok(fields.has(field), `no user-visible ${field} found: the walker misses it`);
  }
});

test('package.json and package.nls.json have no duplicate key (JSON.parse keeps the last silently: a merge once dropped restricted settings that way)', () => {
  for (const file of ['package.json', 'package.nls.json']) {
    const parsed = parseYaml(fs.readFileSync(path.join(repoRoot, file), 'utf8'));
    assert.equal(parsed.error, undefined);
    assert.deepEqual(parsed.duplicateKeys.map((d) => `${d.key} (line ${parsed.lines.range(d.duplicate.start, d.duplicate.end).start.line + 1})`), [], `${file} repeats keys`);
  }
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ['openstack.cloudsFile', 'openstack.ssh.path', 'openstackClouds.ansible.playbookPath', 'openstackClouds.baseImages.mirrors', 'openstackClouds.ssh.identityFile', 'openstackClouds.ssh.user']);
});

test('nlsProblems names a literal string, a %key% without text and an unused key', () => {
  const manifest = { contributes: { commands: [
    { command: 'a.one', title: 'One', category: '%category.A%' },
    { command: 'a.two', title: '%command.a.two.title%', category: '%category.A%' },
  ] } };
  assert.deepEqual(nlsProblems(manifest, { 'category.A': 'A', unused: 'x' }), [
    'contributes.commands.0.title is literal text "One", not a %key% of package.nls.json (node scripts/package-nls.mjs moves it)',
    '%command.a.two.title% has no text in package.nls.json',
    'package.nls.json key unused is used nowhere in package.json',
  ]);
});

test('scripts/package-nls.mjs moves literal strings to keys and keeps the rest of package.json byte for byte', () => {
  const text = '{\n  "displayName": "X",\n  "contributes": {\n    "commands": [\n      { "command": "a.b", "title": "Say \\"hi\\"", "category": "A", "icon": "$(x)" }\n    ],\n'
    + '    "configuration": { "title": "A", "properties": { "a.mode": { "type": "string", "enum": ["on", "off"], "enumDescriptions": ["On.", "Off."], "markdownDescription": "Mode." } } }\n  }\n}\n';
  const moved = moveLiteralsToNls(text, { unused: 'gone' });
  assert.equal(moved.text, '{\n  "displayName": "%displayName%",\n  "contributes": {\n    "commands": [\n      { "command": "a.b", "title": "%command.a.b.title%", "category": "%category.A%", "icon": "$(x)" }\n    ],\n'
    + '    "configuration": { "title": "%configuration.title%", "properties": { "a.mode": { "type": "string", "enum": ["on", "off"], "enumDescriptions": ["%config.a.mode.enumDescriptions.on%", "%config.a.mode.enumDescriptions.off%"], "markdownDescription": "%config.a.mode.markdownDescription%" } } }\n  }\n}\n');
  assert.deepEqual(moved.nls, {
    displayName: 'X', 'command.a.b.title': 'Say "hi"', 'category.A': 'A', 'configuration.title': 'A',
    'config.a.mode.markdownDescription': 'Mode.', 'config.a.mode.enumDescriptions.on': 'On.', 'config.a.mode.enumDescriptions.off': 'Off.',
  });
  assert.deepEqual(nlsProblems(JSON.parse(moved.text), moved.nls), []);
  assert.deepEqual(moveLiteralsToNls(moved.text, moved.nls), moved, 'a second run changes nothing');
});

test('walkthrough: open/create clouds.yaml, check it, explore, upload, boot; each step a button for a real command and packaged media', () => {
  const steps = walkthroughSteps(pkg, nls, 'gettingStarted');
  assert.deepEqual(steps.map((s) => s.links), [
    ['openstack.openCloudsFile', 'openstack.createCloudsFile'],
    ['openstack.showLog'],
    ['openstackClouds.focus'],
    ['openstack.uploadImage'],
    ['openstack.bootServer'],
  ]);
  assert.deepEqual(walkthroughProblems(pkg, nls, (file) => fs.existsSync(path.join(repoRoot, file))), []);
  // A button is a link alone on its line (VS Code renders it as a button only then).
  for (const step of steps) {
    assert.ok(step.description.split('\n').some((line) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(line)), `step ${step.id} has no button line`);
  }
});

test('walkthroughProblems names a link to an unknown command, a step without a link and missing media', () => {
  const manifest = { contributes: {
    commands: [{ command: 'a.run', title: 'Run' }],
    views: { c: [{ id: 'aView', name: 'A' }] },
    walkthroughs: [{ id: 'w', title: 'W', description: 'W', steps: [
      { id: 'ok', title: 'Ok', description: '[Run](command:a.run)\n[View](command:aView.focus)', media: { markdown: 'there.md' } },
      { id: 'bad', title: 'Bad', description: '[Go](command:a.missing)', media: { image: 'missing.png' } },
      { id: 'none', title: 'None', description: 'no link', media: {} },
    ] }],
  } };
  assert.deepEqual(walkthroughProblems(manifest, {}, (file) => file === 'there.md'), [
    'walkthrough w, step bad links command a.missing, which the extension does not contribute',
    'walkthrough w, step bad: its media missing.png is not there',
    'walkthrough w, step bad: its image has no altText',
    'walkthrough w, step none has no command link',
    'walkthrough w, step none has no markdown or image media',
  ]);
});

test('Marketplace fields: a PNG icon of at least 128x128, gallery banner, preview before 1.0, the project\'s own URLs', () => {
  assert.match(pkg.icon, /\.png$/);
  const { width, height } = pngSize(path.join(repoRoot, pkg.icon));
  assert.ok(width >= 128 && height >= 128, `icon is ${width}x${height}`);
  assert.match(pkg.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  assert.equal(pkg.preview, Number(pkg.version.split('.')[0]) < 1, 'preview until 1.0');
  const project = 'https://github.com/openstack-clouds/openstack-clouds-vscode';
  assert.equal(pkg.repository.url, `${project}.git`);
  assert.equal(pkg.bugs.url, `${project}/issues`);
  assert.ok(pkg.homepage.startsWith(project));
  assert.doesNotMatch(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'), /example\.invalid/);
});

test('README: a table row for every setting and every command of package.json, the two commands CI and users run, pictures that exist', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const rows = readme.split('\n').filter((line) => line.startsWith('|'));
  const settings = Object.keys(pkg.contributes.configuration.properties);
  assert.deepEqual(settings.filter((key) => !rows.some((row) => row.startsWith(`| \`${key}\` |`))), [], 'settings missing from the README\'s settings table');
  const titles = (pkg.contributes.commands as { title: string }[]).map((c) => localized(c.title, nls) ?? c.title);
  assert.deepEqual(titles.filter((title) => !rows.some((row) => row.includes(title))), [], 'commands missing from the README\'s commands table');
  // .ci/run runs "npm install && npm test"; test/demo/run.mjs runs the demo as the README says.
  assert.match(readme, /^ {4}npm install && npm test$/m);
  assert.match(readme, /^ {4}npm install && npm run demo$/m);
  // Markdown images and <img src> are relative (vsce makes them the repository's URLs); a
  // <picture>'s dark <source srcset> is the repository's absolute URL (vsce leaves it as it is).
  const raw = `${pkg.repository.url.replace(/\.git$/, '')}/raw/HEAD/`;
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g), ...readme.matchAll(/<img[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  const sources = [...readme.matchAll(/<source[^>]+srcset="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(images.length >= 2, 'the README shows the explorer and the walkthrough');
  assert.deepEqual(sources.filter((src) => !src.startsWith(raw)), [], `<source srcset> that is not under ${raw}`);
  const files = [...images, ...sources.map((src) => src.slice(raw.length))];
  assert.deepEqual(files.filter((src) => !fs.existsSync(path.join(repoRoot, src))), [], 'README pictures that are not committed files');
  for (const img of readme.matchAll(/<img[^>]*>/g)) assert.match(img[0], /alt="[^"]{40,}"/, `an <img> without a descriptive alt text: ${img[0]}`);
});

test('a row command that acts on one row is hidden from a multi-selection\'s context menu; those that take the selection stay', () => {
  // These handlers take VS Code's second argument, the selected rows (serverCommands.ts, registerExplorer.ts).
  const takesSelection = new Set(['openstack.deleteServer', 'openstack.deleteImage', 'openstack.startServer', 'openstack.stopServer', 'openstack.rebootServer', 'openstack.hardRebootServer']);
  const rowMenus = (pkg.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[])
    .filter((m) => /viewItem\s*(==|=~)\s*\/?\^?\(?(image|server|flavor|network|keypair|floatingip)/.test(m.when) && !m.group.startsWith('inline'));
  assert.ok(rowMenus.length >= 15, `the resource rows' menus: ${rowMenus.length}`);
  for (const m of rowMenus) {
    assert.equal(m.when.includes('!listMultiSelection'), !takesSelection.has(m.command), `${m.command} (${m.when})`);
  }
});
