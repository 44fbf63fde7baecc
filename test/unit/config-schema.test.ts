// schemas/clouds.schema.json is generated from the key tables; this keeps them in step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { acceptedTypes, AUTH_PLUGINS, buildCloudsJsonSchema, CLOUD_KEYS, INTERFACES, isInterfaceKey, NETWORK_KEYS, SERVICE_PREFIXES, SERVICE_KEY_SUFFIXES, TOP_LEVEL_KEYS } from '../../extension/config/index';
import { repoRoot } from '../support/paths';

type Schema = Record<string, any>;
const file = JSON.parse(fs.readFileSync(path.join(repoRoot, 'schemas', 'clouds.schema.json'), 'utf8')) as Schema;
const cloud = file.definitions.cloud as Schema;

test('schema: the committed file is what the tables generate (run node scripts/gen-clouds-schema.mjs)', () => {
  assert.deepEqual(file, JSON.parse(JSON.stringify(buildCloudsJsonSchema())));
});

test('schema: every cloud-level key of the table is described with its types and allowed values', () => {
  for (const spec of CLOUD_KEYS) {
    const prop = cloud.properties[spec.name] as Schema | undefined;
    assert.ok(prop, `missing ${spec.name}`);
    if (spec.name !== 'auth') assert.ok(typeof prop.description === 'string' && prop.description.startsWith(spec.description), spec.name);
    // Values openstacksdk takes beside the listed ones (otherValues) are offered as examples, not enforced.
    if (spec.values && !spec.otherValues && !spec.types.includes('array')) assert.deepEqual(isInterfaceKey(spec.name) ? prop.examples : prop.enum, spec.values, spec.name);
    if (spec.otherValues) assert.ok(prop.enum === undefined && JSON.stringify(prop.examples) === JSON.stringify(spec.values), spec.name);
    if ((!spec.values || spec.otherValues) && spec.name !== 'auth') assert.deepEqual([prop.type].flat(), acceptedTypes(spec), spec.name);
  }
  // keystoneauth also takes publicURL (and "" for any interface): a pattern, not an enum of three.
  const iface = cloud.properties.interface.anyOf[0];
  assert.deepEqual(iface.examples, [...INTERFACES]);
  const pattern = new RegExp(iface.pattern);
  for (const ok of ['public', 'publicURL', 'internalURL', 'admin', '']) assert.ok(pattern.test(ok), ok);
  for (const bad of ['publik', 'Public', 'public_url']) assert.ok(!pattern.test(bad), bad);
});

test('schema: auth lists every option of every auth plugin; top level, networks and service keys are there', () => {
  const auth = cloud.properties.auth.properties as Schema;
  for (const plugin of Object.values(AUTH_PLUGINS)) for (const o of plugin.options) assert.ok(auth[o.dest], `${plugin.name}: ${o.dest}`);
  for (const k of TOP_LEVEL_KEYS) assert.ok(file.properties[k.name], k.name);
  assert.ok(file.properties['public-clouds']);
  for (const k of NETWORK_KEYS) assert.ok(cloud.properties.networks.items.properties[k.name], k.name);
  const patterns = Object.keys(cloud.patternProperties).map((p) => new RegExp(p));
  const described = (key: string) => patterns.some((p) => p.test(key));
  for (const prefix of SERVICE_PREFIXES) for (const s of SERVICE_KEY_SUFFIXES) assert.ok(described(`${prefix}_${s.name}`), `${prefix}_${s.name}`);
  assert.ok(!described('image_fromat'));
});

test('schema: it never rejects what openstacksdk accepts (unknown keys stay allowed)', () => {
  assert.equal(file.additionalProperties, true);
  assert.equal(cloud.additionalProperties, true);
  assert.equal(cloud.properties.auth.additionalProperties, true);
});
