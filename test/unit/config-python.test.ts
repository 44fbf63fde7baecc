// The Python behaviours the config engine reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeKeys, pyFloatRepr, pyFormat, pyStr, PyError, PyFloat, mergeClouds } from '../../extension/config/python';

test('python: repr(float)', () => {
  const cases: [number, string][] = [[2, '2.0'], [2.5, '2.5'], [0.1, '0.1'], [1e16, '1e+16'], [1.5e-5, '1.5e-05'], [0.0001, '0.0001'], [123456789012345.6, '123456789012345.6'], [-3, '-3.0'], [Infinity, 'inf'], [NaN, 'nan'], [2.53, '2.53']];
  for (const [x, s] of cases) assert.equal(pyFloatRepr(x), s, String(x));
});

test('python: str() of values', () => {
  assert.equal(pyStr(null), 'None');
  assert.equal(pyStr(true), 'True');
  assert.equal(pyStr(12), '12');
  assert.equal(pyStr(new PyFloat(3)), '3.0');
  assert.equal(pyStr({ a: 'x', b: [1, "it's"] }), `{'a': 'x', 'b': [1, "it's"]}`);
});

test('python: str.format(**config)', () => {
  assert.equal(pyFormat('https://{region_name}.example.com/{{x}}', { region_name: 'r1' }), 'https://r1.example.com/{x}');
  assert.equal(pyFormat('{a!r}', { a: 'x' }), "'x'");
  assert.throws(() => pyFormat('{nope}', {}), (e: unknown) => e instanceof PyError && e.pyType === 'KeyError');
  assert.throws(() => pyFormat('{}', {}), (e: unknown) => e instanceof PyError && e.pyType === 'IndexError');
  assert.throws(() => pyFormat('a } b', {}), (e: unknown) => e instanceof PyError && e.pyType === 'ValueError');
  assert.throws(() => pyFormat('a { b', {}), (e: unknown) => e instanceof PyError && e.pyType === 'ValueError');
  assert.equal(pyFormat('{region_name}', { region_name: 'a' }, { region_name: 'b' }), 'b');
});

test('python: normalize_keys and merge_clouds', () => {
  assert.deepEqual(normalizeKeys({ 'a-b': 1, api_timeout: 3, verbose_level: 2, c: new PyFloat(2), d: { 'e-f': true }, l: [1] }), { a_b: '1', api_timeout: 3, verbose_level: 2, c: '2.0', d: { e_f: true }, l: [1] });
  const same = { a: 'x', b: { c: true } };
  assert.equal(normalizeKeys(same), same, 'no copy when nothing changes');
  assert.deepEqual(mergeClouds({ a: { b: 1, c: 2 }, l: [1] }, { a: { c: 3 }, l: [2], n: { x: 1 } }), { a: { b: 1, c: 3 }, l: [2], n: { x: 1 } });
});
