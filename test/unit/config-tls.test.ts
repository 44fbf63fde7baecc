// `verify` / `cacert` / `insecure` in the config engine: our reading equals openstacksdk's and
// requests' own answer for every spelling (differential, Debian's /usr/bin/python3); a CA bundle
// that cannot be read fails that cloud only, at the key that named it; the validator raises no
// false alarm on the spellings openstacksdk accepts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLoadedConfig, checkTlsFiles, describeVerification, resolveClouds, tlsVerification, validateCloudsDocument } from '../../extension/config/index';
import { loadCloudRegions } from '../../extension/cli/cloudRegions';
import { ensureOpenstacksdk, PYTHON } from '../support/differential';
import { repoRoot } from '../support/paths';

const AUTH = "auth: {auth_url: 'https://keystone.example.com:5000/v3', username: u, password: p, project_name: x, user_domain_name: d, project_domain_name: d}";

/** Each spelling as a cloud of one clouds.yaml: name -> the TLS lines of that cloud. */
function spellings(dir: string): Record<string, string[]> {
  return {
    'v-true': ['verify: true'], 'v-false': ['verify: false'], 'v-yes': ['verify: yes'], 'v-no': ['verify: no'],
    'v-on': ['verify: on'], 'v-off': ['verify: off'], 'v-True': ['verify: True'], 'v-OFF': ['verify: OFF'],
    'q-yes': ['verify: "yes"'], 'q-no': ['verify: "no"'], 'q-off': ["verify: 'off'"], 'q-on': ["verify: 'on'"], 'q-false': ['verify: "false"'],
    'v-null': ['verify: null'], 'v-null-cacert': ['verify:', `cacert: ${dir}/ca.pem`],
    'v-zero': ['verify: 0'], 'v-one': ['verify: 1'],
    'v-path': [`verify: ${dir}/ca.pem`], 'v-dir': [`verify: ${dir}`], 'v-missing': [`verify: ${dir}/missing.pem`],
    'cacert': [`cacert: ${dir}/ca.pem`], 'cacert-home': ['cacert: ~/ca.pem'], 'cacert-missing': [`cacert: ${dir}/missing.pem`],
    'cacert-off': ['verify: false', `cacert: ${dir}/ca.pem`], 'cacert-qno': ['verify: "no"', `cacert: ${dir}/ca.pem`],
    'insecure-true': ['insecure: true'], 'insecure-qtrue': ["insecure: 'TRUE'", `cacert: ${dir}/ca.pem`],
    'insecure-qyes': ['insecure: "yes"'], 'insecure-yes': ['insecure: yes', 'verify: true'], 'insecure-false': ['insecure: false', 'verify: "no"'],
    'v-empty': ['verify: ""'],
  };
}

/** Ours, in the driver's words (a CA file that does not exist is requests' "missing"). */
function ours(config: Record<string, unknown>, home: string): string {
  const v = tlsVerification(config, home);
  if (!v.verify) return 'off';
  if (v.ca === 'system') return 'system';
  return fs.existsSync(v.path) ? `file:${v.path}` : `missing:${v.path}`;
}

/** Deliberate differences, each with its reason (extension/config/tls.ts). */
const DIFFERENCES: Record<string, { sdk: string; ours: string; reason: string }> = {
  'v-empty': { sdk: 'off', ours: 'system', reason: 'requests turns verification off for a Python-false "", we only for false' },
};

describe('verify spellings: ours equals openstacksdk + requests', () => {
  let dir: string;
  let text: string;
  let sdk: Record<string, string>;
  before(() => {
    ensureOpenstacksdk();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-diff-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), 'not checked here\n');
    const clouds = Object.entries(spellings(dir)).map(([name, lines]) => `  ${name}:\n    ${AUTH}\n${lines.map((l) => `    ${l}`).join('\n')}`);
    text = `clouds:\n${clouds.join('\n')}\n`;
    fs.writeFileSync(path.join(dir, 'clouds.yaml'), text);
    const r = spawnSync(PYTHON, [path.join(repoRoot, 'test', 'support', 'openstacksdk_verify.py'), path.join(dir, 'clouds.yaml')], {
      encoding: 'utf8', cwd: dir, env: { PATH: '/usr/bin:/bin', HOME: dir },
    });
    assert.equal(r.status, 0, r.stderr);
    sdk = JSON.parse(r.stdout) as Record<string, string>;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every cloud gets the same answer', () => {
    const loaded = buildLoadedConfig([{ kind: 'clouds', path: path.join(dir, 'clouds.yaml'), text }], { cwd: dir, env: {}, home: dir, platform: 'linux' });
    const resolved = resolveClouds(loaded);
    const names = Object.keys(spellings(dir));
    assert.deepEqual(Object.keys(sdk).sort(), [...names].sort());
    const mismatches: string[] = [];
    for (const name of names) {
      const region = resolved.regions.find((r) => r.name === name);
      assert.ok(region, `${name} resolves`);
      const mine = ours(region.config, dir);
      const expected = DIFFERENCES[name] ? DIFFERENCES[name].sdk : mine;
      if (sdk[name] !== expected || (DIFFERENCES[name] && mine !== DIFFERENCES[name].ours)) mismatches.push(`${name}: openstacksdk ${sdk[name]}, ours ${mine}`);
    }
    assert.deepEqual(mismatches, []);
  });

  test('no spelling but false or insecure turns verification off', () => {
    for (const [name, answer] of Object.entries(sdk)) {
      if (answer === 'off' && !DIFFERENCES[name]) assert.match(name, /^(v-false|v-no|v-off|v-OFF|cacert-off|insecure-true|insecure-qtrue|insecure-yes)$/);
    }
  });
});

describe('a CA bundle that cannot be read', () => {
  const text = `clouds:\n  good:\n    ${AUTH}\n  bad:\n    ${AUTH}\n    cacert: /nonexistent/ca.pem\n  quoted:\n    ${AUTH}\n    verify: "yes"\n`;
  const loaded = buildLoadedConfig([{ kind: 'clouds', path: '/w/clouds.yaml', text }], { cwd: undefined, env: {}, home: '/h', platform: 'linux' });

  test('fails that cloud only, with an error at its cacert key', () => {
    const checked = checkTlsFiles(resolveClouds(loaded));
    assert.deepEqual(checked.regions.map((r) => r.name), ['good']);
    assert.equal(checked.clouds.find((c) => c.name === 'good')!.status, 'ok');
    const bad = checked.clouds.find((c) => c.name === 'bad')!;
    assert.equal(bad.status, 'error');
    const p = bad.problems.find((x) => x.code === 'tls-file-unreadable')!;
    assert.ok(p, JSON.stringify(bad.problems));
    assert.equal(p.file, '/w/clouds.yaml');
    assert.deepEqual([p.range.start.line, p.range.start.character], [5, 4], 'the cacert key of bad');
    assert.match(p.message, /^bad: cannot read the CA bundle \/nonexistent\/ca\.pem named by cacert \(ENOENT\)/);
    assert.ok(checked.problems.includes(p));
  });

  test('a quoted "yes" is a path: the error says so, at the verify key', () => {
    const quoted = checkTlsFiles(resolveClouds(loaded)).clouds.find((c) => c.name === 'quoted')!;
    const p = quoted.problems.find((x) => x.code === 'tls-file-unreadable')!;
    assert.deepEqual([p.range.start.line, p.range.start.character], [8, 4]);
    assert.match(p.message, /CA bundle yes named by verify .*write verify: yes without quotes/);
  });

  test('the CLI: the other clouds stay usable; the broken one is reported at file:line:col', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-tls-')), 'clouds.yaml');
    fs.writeFileSync(file, text);
    try {
      const { regions, errors } = await loadCloudRegions(file);
      assert.deepEqual(regions.map((r) => r.name), ['good']);
      const bad = errors.get('bad')!;
      assert.ok(bad?.some((p) => p.code === 'tls-file-unreadable' && p.file === file && p.range.start.line === 5), JSON.stringify(bad));
      assert.ok(errors.get('quoted')?.some((p) => p.code === 'tls-file-unreadable'));
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  test('a readable bundle changes nothing', () => {
    const resolved = resolveClouds(loaded);
    assert.equal(checkTlsFiles(resolved, () => undefined), resolved);
  });
});

describe('the validator and the TLS rule agree', () => {
  const lint = (lines: string) => validateCloudsDocument(`clouds:\n  c:\n    ${AUTH}\n${lines}`, '/w/clouds.yaml', 'clouds', {})
    .filter((p) => p.code !== 'secret-in-clouds-yaml');

  test('no false alarm on the spellings openstacksdk accepts', () => {
    for (const line of ['verify: true', 'verify: yes', 'verify: on', 'verify: True', 'verify: /etc/ssl/certs/ca.pem', 'verify: ~/ca.pem', 'cacert: /etc/ssl/ca.pem', 'verify: yes\n    cacert: /etc/ssl/ca.pem']) {
      assert.deepEqual(lint(`    ${line}\n`).map((p) => `${p.code}: ${p.message}`), [], line);
    }
  });

  test('false spellings warn that verification is off; quoted words warn that they are paths', () => {
    for (const line of ['verify: false', 'verify: no', 'verify: off', 'insecure: true', "insecure: 'true'"]) {
      assert.deepEqual(lint(`    ${line}\n`).map((p) => p.code), ['verify-disabled'], line);
    }
    const quoted = lint('    verify: "no"\n');
    assert.deepEqual(quoted.map((p) => p.code), ['verify-string']);
    assert.match(quoted[0]!.message, /"no" in quotes is a string, which openstacksdk reads as the path of a CA bundle \(verification stays on/);
    assert.doesNotMatch(quoted[0]!.message, /is true to openstacksdk/);
  });

  test('describeVerification names what verifies', () => {
    assert.equal(describeVerification(tlsVerification({ verify: true })), 'system CAs');
    assert.equal(describeVerification(tlsVerification({ verify: 'no' })), 'CA bundle no');
    assert.equal(describeVerification(tlsVerification({ verify: true, cacert: '~/ca.pem' }, '/home/u')), 'CA bundle /home/u/ca.pem');
    assert.equal(describeVerification(tlsVerification({ insecure: 'True', cacert: '/ca.pem' })), 'off');
  });
});
