// "Build instead of download": which workspace files are image recipes, the commands that build
// them, and Packer's machine-readable output (real output of Debian 12's packer 1.6.6, kept in
// test/fixtures/buildRecipes/ with the command that produced it). The DIB translation follows
// diskimage-builder's own diskimage_builder.py (PROPERTIES and build_commands): each case below
// names the rule of that file it checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fixture } from '../support/paths';
import { buildCommands, dibCommand, dibDefinitions, installAdvice, mergeDibEntries, recipeOf } from '../../extension/baseImages/buildRecipes';
import { parsePackerLine } from '../../extension/baseImages/packerOutput';
import { LineSplitter } from '../../extension/text/lineSplitter';

const DIB = `# built with: diskimage-builder image.yaml
- imagename: ubuntu-web
  elements: [ubuntu, vm, cloud-init-datasources]
  environment:
    DIB_RELEASE: noble
    DIB_CLOUD_INIT_DATASOURCES: OpenStack
  types: [qcow2, raw]
  packages: [nginx, curl]
  checksum: true
  debug-trace: 1
  qemu-img-options: {compat: "1.1"}
- imagename: ubuntu-web
  packages: [htop]
- elements: [centos, vm]
  imagename: centos
  ramdisk: false
`;

test('build recipes: a DIB image definition list is a recipe, with its merged image names', () => {
  const recipe = recipeOf('/ws/images/image.yaml', DIB);
  assert.deepEqual(recipe, { tool: 'diskimage-builder', file: '/ws/images/image.yaml', images: ['ubuntu-web', 'centos'] });
});

test('build recipes: a playbook, a clouds.yaml and a list with one foreign key are not recipes (no false offer)', () => {
  assert.equal(recipeOf('/ws/site.yml', '- hosts: all\n  tasks:\n    - name: x\n      debug: {msg: hi}\n'), undefined);
  assert.equal(recipeOf('/ws/clouds.yaml', 'clouds:\n  a: {region_name: R}\n'), undefined);
  assert.equal(recipeOf('/ws/x.yaml', '- elements: [ubuntu]\n  hosts: all\n'), undefined, 'hosts is not a DIB property');
  assert.equal(recipeOf('/ws/x.yaml', '- imagename: a\n'), undefined, 'no entry has elements');
  assert.equal(recipeOf('/ws/x.yaml', '- elements: [ubuntu]\n  constructor: 1\n'), undefined, 'an Object.prototype name is not a DIB property');
  assert.equal(recipeOf('/ws/x.yaml', '- elements: [ubuntu]\n  __proto__: {x: 1}\n'), undefined);
  // Nine levels of ten aliases each (10^9 nodes expanded) under DIB keys: refused within the budget, not expanded.
  const keys = ['image-cache', 'root-label', 'mkfs-options', 'logfile', 'install-type', 'docker-target', 'ramdisk-element', 'arch', 'packages'];
  const bomb = keys.map((k, i) => `  ${k}: &l${i} [${Array(10).fill(i ? `*l${i - 1}` : 'x').join(', ')}]`).join('\n');
  const t0 = Date.now();
  assert.equal(recipeOf('/ws/x.yaml', `- elements: [ubuntu]\n${bomb}\n`), undefined, 'an alias bomb is not a recipe');
  assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms`);
  assert.equal(recipeOf('/ws/x.yaml', '- elements: &e [ubuntu, vm]\n- imagename: b\n  elements: *e\n')?.images.join(), 'image,b', 'an ordinary alias is fine');
  assert.equal(recipeOf('/ws/x.yaml', '- elements: [ubuntu\n'), undefined, 'does not parse');
  assert.equal(recipeOf('/ws/x.txt', DIB), undefined, 'not a YAML file');
});

test('build recipes: entries merge by imagename as build_commands merges them (lists appended, "image" until named)', () => {
  const merged = mergeDibEntries(dibDefinitions('- elements: [a]\n- elements: [b]\n  packages: [p]\n- imagename: other\n  elements: [c]\n- elements: [d]\n')!);
  assert.deepEqual(merged.map((e) => [e.imagename ?? 'image', e.elements]), [['image', ['a', 'b']], ['other', ['c', 'd']]]);
});

test('build recipes: a DIB entry becomes its disk-image-create argv (in PROPERTIES order, elements last), environment and outputs', () => {
  const [web, centos] = mergeDibEntries(dibDefinitions(DIB)!).map(dibCommand);
  assert.deepEqual(web.argv, ['disk-image-create', '-o', 'ubuntu-web', '-t', 'qcow2,raw', '-x', '--checksum', '--qemu-img-options', 'compat=1.1', '-p', 'nginx,curl,htop', 'ubuntu', 'vm', 'cloud-init-datasources']);
  assert.deepEqual(web.env, { DIB_RELEASE: 'noble', DIB_CLOUD_INIT_DATASOURCES: 'OpenStack' });
  assert.deepEqual(web.outputs, ['ubuntu-web.qcow2', 'ubuntu-web.raw']);
  assert.deepEqual(centos.argv, ['disk-image-create', '-o', 'centos', 'centos', 'vm']);
  assert.deepEqual(centos.outputs, ['centos.qcow2'], 'qcow2 is the default type');
  const ramdisk = dibCommand({ imagename: 'deploy', ramdisk: true, elements: ['ironic-python-agent-ramdisk'] });
  assert.equal(ramdisk.argv[0], 'ramdisk-image-create');
  assert.deepEqual(ramdisk.outputs, [], 'a kernel and initramfs are not a disk image to upload');
});

test('build recipes: Packer templates by the names Packer gives them, and the build command', () => {
  const hcl = fs.readFileSync(fixture('buildRecipes/image.pkr.hcl'), 'utf8');
  const legacy = fs.readFileSync(fixture('buildRecipes/legacy.json'), 'utf8');
  assert.deepEqual(recipeOf('/ws/image.pkr.hcl', hcl), { tool: 'packer', file: '/ws/image.pkr.hcl', images: ['image'] });
  assert.deepEqual(recipeOf('/ws/legacy.json', legacy)?.tool, 'packer');
  assert.equal(recipeOf('/ws/package.json', '{"name": "x", "builders": "no"}'), undefined);
  assert.equal(recipeOf('/ws/tsconfig.json', '{"compilerOptions": {}}'), undefined);
  assert.deepEqual(buildCommands(recipeOf('/ws/image.pkr.hcl', hcl)!, hcl), [{ argv: ['packer', 'build', '-machine-readable', 'image.pkr.hcl'], env: {}, outputs: [] }]);
});

test('build recipes: packer 1.6.6 output: the text a person reads and the artifact file', () => {
  const lines = fs.readFileSync(fixture('buildRecipes/packer-1.6.6-success.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const parsed = lines.map(parsePackerLine);
  assert.deepEqual(parsed.flatMap((p) => (p.artifactFile ? [p.artifactFile] : [])), ['output/base-copy.qcow2']);
  const text = parsed.flatMap((p) => (p.text ? [p.text] : []));
  assert.equal(text[0], '==> file.base: Copying base.qcow2 to output/base-copy.qcow2');
  assert.ok(text.includes('\n==> Builds finished. The artifacts of successful builds are:'), 'Packer\'s \\n is a line break');
  assert.ok(!parsed.some((p) => p.error));
});

test('build recipes: packer 1.6.6 errors: flagged, commas restored', () => {
  const lines = fs.readFileSync(fixture('buildRecipes/packer-1.6.6-error.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const errors = lines.map(parsePackerLine).filter((p) => p.error).map((p) => p.text);
  assert.ok(errors.includes('broken: open missing, file.qcow2: no such file or directory'), JSON.stringify(errors));
  assert.ok(!lines.map(parsePackerLine).some((p) => p.artifactFile));
});

test('build recipes: tool output cannot drive the terminal (escapes shown, not sent)', () => {
  const p = parsePackerLine('1796523110,,ui,say,evil \u001b]52;c;AAAA\u0007 name');
  assert.equal(p.text, 'evil \\u001b]52;c;AAAA\\u0007 name');
  assert.equal(parsePackerLine('plain \u001b[2J line').text, 'plain \\u001b[2J line');
});

test('build recipes: output is split into lines across chunks, and an endless line is cut', () => {
  const seen: string[] = [];
  const split = new LineSplitter((l) => seen.push(l), 10);
  split.push('1,,ui,sa');
  split.push('y,hello\r\nnext');
  split.push('x'.repeat(20));
  split.end();
  assert.deepEqual(seen, ['1,,ui,say,hello', `next${'x'.repeat(20)}`]);
});

test('build recipes: a missing tool gets install advice naming the Debian package', () => {
  assert.match(installAdvice('packer'), /apt install packer/);
  assert.match(installAdvice('diskimage-builder'), /apt install python3-diskimage-builder/);
});
