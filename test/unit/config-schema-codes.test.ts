// The codes the editor leaves to the YAML extension when it serves schemas/clouds.schema.json:
// every problem of ours with one of them must be one the schema reports as well (checked with a
// real JSON Schema validator), for every key of the tables and every kind of wrong value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { buildCloudsJsonSchema, CLIENT_KEYS, CLOUD_KEYS, CLOUDS_SCHEMA_FILE_NAMES, NETWORK_KEYS, schemaCheckedCodes, SERVICE_KEY_SUFFIXES, validateCloudsDocument } from '../../extension/config/index';
import type { ConfigFileKind } from '../../extension/config/discovery';
import { fixture, repoRoot } from '../support/paths';

const ajv = new Ajv({ strict: false, allErrors: true });
const schemaAccepts = ajv.compile(buildCloudsJsonSchema());
const checked = schemaCheckedCodes();
const AUTH = 'auth: {auth_url: "https://keystone.example.com/v3", username: u, password: p, project_id: x, user_domain_id: d}';
const SAMPLES = ['5', '1.5', 'true', 'zzz', '[zzz]', '{zzz: 1}', '~'];

function dashed(name: string): string[] {
  return name.includes('_') ? [name, name.replace(/_/g, '-')] : [name];
}

/** Documents with one key set to one sample value, in every place a key of the tables can stand. */
function documents(): { text: string; kind: ConfigFileKind }[] {
  const out: { text: string; kind: ConfigFileKind }[] = [];
  for (const value of SAMPLES) {
    for (const spec of CLOUD_KEYS.filter((k) => k.name !== 'auth')) {
      for (const key of dashed(spec.name)) {
        out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    ${key}: ${value}\n` });
        out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    regions:\n      - name: R1\n        values:\n          ${key}: ${value}\n` });
        out.push({ kind: 'clouds-public', text: `public-clouds:\n  p:\n    ${key}: ${value}\n` });
      }
    }
    for (const suffix of SERVICE_KEY_SUFFIXES) for (const key of [`compute_${suffix.name}`, `block-storage-${suffix.name.replace(/_/g, '-')}`]) out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    ${key}: ${value}\n` });
    for (const spec of NETWORK_KEYS) out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    networks:\n      - name: n\n        ${spec.name}: ${value}\n` });
    for (const spec of CLIENT_KEYS) for (const key of dashed(spec.name)) out.push({ kind: 'clouds', text: `client:\n  ${key}: ${value}\nclouds:\n  a:\n    ${AUTH}\n` });
    out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    has_compute: ${value}\n` });
    out.push({ kind: 'clouds', text: `clouds:\n  a: ${value}\n` });
    out.push({ kind: 'clouds', text: `clouds: ${value}\n` });
    out.push({ kind: 'clouds', text: `clouds:\n  a:\n    auth: ${value}\n` });
    out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    regions:\n      - ${value}\n` });
    out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    regions:\n      - name: R1\n        values: ${value}\n` });
  }
  for (const region of ['{name: R1, valeus: {}}', '{values: {}}', '[R1]']) out.push({ kind: 'clouds', text: `clouds:\n  a:\n    ${AUTH}\n    regions:\n      - ${region}\n` });
  return out;
}

function fixtureDocuments(): { text: string; kind: ConfigFileKind }[] {
  const root = fixture('config');
  const out: { text: string; kind: ConfigFileKind }[] = [];
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (/^(clouds|secure|clouds-public)\.ya?ml$/.test(d.name)) out.push({ kind: d.name.startsWith('clouds-public') ? 'clouds-public' : d.name.startsWith('secure') ? 'secure' : 'clouds', text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(root);
  return out;
}

test('schema codes: the type, allowed-value and region-shape codes, V-7 included; not the checks the schema cannot make', () => {
  for (const code of ['invalid-type', 'invalid-value', 'V-7', 'V-3']) assert.ok(checked.has(code), code);
  for (const code of ['invalid-url', 'invalid-format', 'V-4', 'V-12', 'V-13', 'V-16', 'missing-auth-option', 'template-error']) assert.ok(!checked.has(code), code);
});

test('schema codes: every problem of ours with one of them is one the schema reports too', () => {
  const docs = [...documents(), ...fixtureDocuments()];
  let compared = 0;
  const missed: string[] = [];
  for (const { text, kind } of docs) {
    const ours = validateCloudsDocument(text, `/work/${kind}.yaml`, kind).filter((p) => checked.has(p.code));
    if (!ours.length) continue;
    compared++;
    let data: unknown;
    try {
      data = load(text);
    } catch {
      continue; // not YAML: the YAML extension reports the syntax error instead
    }
    if (schemaAccepts(data)) missed.push(`${ours.map((p) => `${p.code} (${p.message})`).join('; ')} in:\n${text}`);
  }
  assert.deepEqual(missed, [], `the schema accepts what we report:\n${missed.join('\n')}`);
  assert.ok(compared > 300, `only ${compared} documents had a schema-checked problem`);
});

test('schema codes: package.json gives the schema to the file names the config side names', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const validation = pkg.contributes.yamlValidation as { fileMatch: string[]; url: string }[];
  assert.deepEqual(validation.map((v) => v.url), ['./schemas/clouds.schema.json']);
  assert.deepEqual(validation[0]!.fileMatch, [...CLOUDS_SCHEMA_FILE_NAMES]);
});
