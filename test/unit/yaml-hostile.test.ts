// Hostile YAML (recursive aliases, alias and merge-key bombs, nesting through aliases, BOM,
// bytes that are not UTF-8, megabytes of flow collections) is answered in bounded time with a
// located finding by every consumer: the shared parse, `openstack-clouds lint`, the config engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertWithin, timed, timedAsync } from '../support/timing';
import { runLint } from '../../extension/cli/lint';
import { loadCloudsConfig, resolveClouds, diagnoseConfig } from '../../extension/config/index';
import { MAX_ALIAS_EXPANSION, MAX_EXPANDED_DEPTH } from '../../extension/yaml/aliasBudget';
import { entriesOf, nodeAt, parseYaml, toPlain, ExpansionLimitError, type YamlMap } from '../../extension/yaml/positionedYaml';
import { decodeUtf8, firstInvalidByte } from '../../extension/yaml/sourceText';
import { hostile } from './support/hostileYaml';

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

test('a self-referencing alias is cut where it is written, so nothing that follows aliases can loop', () => {
  const parsed = parseYaml(hostile.selfTask);
  assert.equal(parsed.error, undefined);
  assert.equal(parsed.cutAliases.length, 1);
  const cut = parsed.cutAliases[0]!;
  assert.equal(cut.cut, 'recursive');
  assert.deepEqual(parsed.lines.range(cut.start, cut.end), { start: { line: 0, character: 14 }, end: { line: 0, character: 16 } });
  assert.equal(nodeAt(parsed.documents[0]!.root, [0, 'block', 0]), undefined, 'the alias has no target');
  // Through a merge key and through a chain of two anchors alike.
  for (const text of ['a: &a {x: 1, <<: *a}\n', 'a: &a {b: &b {c: [*a, *b]}}\n']) {
    assert.ok(parseYaml(text).cutAliases.every((a) => a.cut === 'recursive') && parseYaml(text).cutAliases.length > 0, text);
  }
});

test('the alias budget is per parse: many small lookups cannot add up to a bomb', () => {
  // Each alias expands 1,000 nodes, no single lookup is large, but together they pass the budget.
  const text = `base: &b [${Array(999).fill('x').join(', ')}]\n${Array.from({ length: 150 }, (_, i) => `k${i}: *b`).join('\n')}\n`;
  const { result: parsed, ...timing } = timed(() => parseYaml(text));
  assertWithin(timing, 500, 'parse');
  assert.ok(parsed.expandedNodes <= MAX_ALIAS_EXPANSION, `${parsed.expandedNodes} expanded`);
  const first = parsed.cutAliases[0];
  assert.equal(first?.cut, 'expansion');
  assert.equal(parsed.lines.position(first.start).line, 1 + Math.floor(MAX_ALIAS_EXPANSION / 1000), 'the alias that passes the budget');
  assert.throws(() => toPlain(parsed.documents[0]!.root), (e: unknown) => e instanceof ExpansionLimitError && e.alias === first);
});

test('a merge-key bomb hits the budget, and its entries cost one expansion per mapping', () => {
  const { result: parsed, ...timing } = timed(() => {
    const p = parseYaml(hostile.mergeBomb(14, 9));
    const root = p.documents[0]!.root;
    return { p, entries: Array.from({ length: 15 }, (_, i) => entriesOf(nodeAt(root, [`m${i}`]) as YamlMap)) };
  });
  assertWithin(timing, 200, 'merge bomb');
  const cut = parsed.p.cutAliases.find((a) => a.cut === 'expansion');
  assert.ok(cut);
  // Levels below the cut merge as PyYAML would; from the cut on, the bomb's aliases are not followed.
  const cutLevel = parsed.p.lines.position(cut.start).line;
  assert.ok(cutLevel > 3);
  for (let i = 0; i < cutLevel; i++) assert.deepEqual(parsed.entries[i]!.map((e) => e.key).sort(), ['auth', 'region_name'], `m${i}`);
});

test('nesting through aliases stops at the expanded depth limit', () => {
  const parsed = parseYaml(hostile.deepThroughAliases(10, 90));
  assert.ok(parsed.cutAliases.some((a) => a.cut === 'depth'), JSON.stringify(parsed.cutAliases.map((a) => a.cut)));
  // What is left nests no deeper than the limit: toPlain would return null below it anyway, but
  // a naive recursive walk must not meet more.
  const height = (n: unknown): number => (Array.isArray(n) ? 1 + Math.max(0, ...n.map(height)) : n && typeof n === 'object' ? 1 + Math.max(0, ...Object.values(n).map(height)) : 0);
  let plain: unknown;
  try {
    plain = toPlain(parsed.documents[0]!.root);
  } catch (e) {
    assert.ok(e instanceof ExpansionLimitError);
    return;
  }
  assert.ok(height(plain) <= MAX_EXPANDED_DEPTH);
});

test('UTF-8: the first bad byte is found (overlong, surrogate, truncated, stray continuation); a BOM stays', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  assert.equal(firstInvalidByte(Buffer.from('ok: é €  😀\n')), undefined);
  assert.equal(firstInvalidByte(bytes(0x61, 0xc0, 0xaf)), 1, 'overlong');
  assert.equal(firstInvalidByte(bytes(0x61, 0x62, 0xed, 0xa0, 0x80)), 2, 'surrogate');
  assert.equal(firstInvalidByte(bytes(0x61, 0xe2, 0x82)), 1, 'truncated');
  assert.equal(firstInvalidByte(bytes(0x80)), 0, 'stray continuation');
  assert.equal(firstInvalidByte(bytes(0xf4, 0x90, 0x80, 0x80)), 0, 'past U+10FFFF');
  const decoded = decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('a: é\nb: '), 0xff, 0x0a]));
  assert.equal(decoded.text, '\uFEFFa: é\nb: \uFFFD\n');
  assert.equal(decoded.invalidUtf8At, decoded.text.indexOf('\uFFFD'));
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-hostile-'));
const write = (name: string, content: string | Uint8Array) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
  return name;
};
const lint = async (...files: string[]) => {
  const io = capture();
  const { result: code, ...timing } = await timedAsync(() => runLint(['--format', 'json', ...files], io, { cwd: dir, env: {} }));
  assert.equal(io.stderr, '');
  return { code, problems: JSON.parse(io.stdout) as { file: string; line: number; column: number; code: string; message: string }[], timing };
};

test('lint: a self-referencing task is a located error (exit 1), not a stack overflow (exit 2)', async () => {
  for (const [name, text, alias] of [
    ['self.yml', hostile.selfTask, '*a'],
    ['play.yml', hostile.selfPlay, '*t'],
    ['rescue.yml', hostile.throughRescueAndAlways, '*o'],
  ] as const) {
    const { code, problems, timing } = await lint(write(name, text));
    assert.equal(code, 1, name);
    const hits = problems.filter((p) => p.code === 'recursive-alias');
    const expected = [...text.matchAll(/\*\w+/g)].map((m) => parseYaml(text).lines.position(m.index));
    assert.deepEqual(hits.map((p) => [p.line, p.column]), expected.map((p) => [p.line + 1, p.character + 1]), `${name}: ${alias}`);
    assertWithin(timing, 1000, name);
  }
});

test('lint and config: a 4 KiB merge-key clouds.yaml gets a located V-1 within the time of a plain one', async () => {
  const text = hostile.mergeCloudsYaml();
  assert.ok(text.length < 5000);
  const { problems, timing } = await lint(write('merge/clouds.yaml', text));
  const v1 = problems.find((p) => p.code === 'V-1');
  assert.ok(v1, JSON.stringify(problems));
  assert.equal(v1.line, 3, 'where the bomb starts');
  assert.match(v1.message, new RegExp(`more than ${MAX_ALIAS_EXPANSION} nodes .* \\(on line \\d+\\)`));
  assertWithin(timing, 150, 'lint');
  const config = await timedAsync(async () => diagnoseConfig(resolveClouds(await loadCloudsConfig({ environment: { cwd: path.join(dir, 'merge'), env: {}, home: dir, platform: 'linux' } }))));
  assert.ok(config.result.some((p) => p.code === 'V-1' && p.range.start.line === 2));
  assertWithin(config, 150, 'config');
});

test('lint and config: a clouds.yaml that is not UTF-8 is an error at its first bad byte', async () => {
  const bytes = Buffer.concat([Buffer.from('\uFEFFclouds:\n  a:\n    region_name: "R'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n    auth: {auth_url: "https://k/v3"}\n')]);
  const { code, problems } = await lint(write('utf8/clouds.yaml', bytes));
  assert.equal(code, 1);
  assert.deepEqual(problems.map((p) => [p.code, p.line, p.column]), [['invalid-utf8', 3, 20]]);
  const loaded = await loadCloudsConfig({ environment: { cwd: path.join(dir, 'utf8'), env: {}, home: dir, platform: 'linux' } });
  const v1 = loaded.problems.find((p) => p.code === 'V-1');
  assert.deepEqual(v1?.range.start, { line: 2, character: 19 });
});

test('lint: a playbook with a BOM reads as one without', async () => {
  const plain = '- hosts: localhost\n  tasks:\n    - openstack.cloud.server_info:\n        nme: x\n';
  const a = await lint(write('bom/plain.yml', plain));
  const b = await lint(write('bom/bom.yml', '\uFEFF' + plain));
  assert.ok(a.problems.length > 0);
  assert.deepEqual(b.problems.map((p) => [p.code, p.line, p.column]), a.problems.map((p) => [p.code, p.line, p.column]));
});

test('lint: 2 MiB of flow collections is answered in time proportional to its size; deeper than 100 is a located error', async () => {
  const { code, timing } = await lint(write('flow.yml', hostile.flowPlaybook(2 * 1024 * 1024)));
  assert.equal(code, 0);
  assertWithin(timing, 6000, '2 MiB of flow');
  const deep = await lint(write('deep.yml', `- hosts: x\n  vars:\n    a: ${'['.repeat(300_000)}\n`));
  assert.deepEqual(deep.problems.map((p) => [p.code, p.line]), [['yaml-syntax', 3]]);
  assertWithin(deep.timing, 1000, 'deep');
});
