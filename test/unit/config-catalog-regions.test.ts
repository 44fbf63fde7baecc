// region_name against the regions of the catalog the explorer's token brought: a finding only when
// that catalog is known for the cloud as written and lists regions; quick fixes offer each region,
// the closest first, on the value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, catalogKey, validateCloudsDocument, type CatalogRegions } from '../../extension/config/index';
import { quickFixes } from '../../extension/language/quickFixes';
import type { Problem } from '../../extension/yaml/problem';

const FILE = '/work/clouds.yaml';
const AUTH = { auth_url: 'https://keystone.example.com/v3', username: 'u', project_id: 'x', user_domain_id: 'default' };
const OK_AUTH = `auth: {auth_url: "${AUTH.auth_url}", username: u, password: p, project_id: x, user_domain_id: default}`;
const CATALOG = ['RegionOne', 'RegionTwo', 'west'];

/** The explorer after a token of cloud `a` (as configured above) brought a catalog with these regions. */
function loaded(regions: readonly string[] = CATALOG, cloud = 'a'): CatalogRegions {
  const key = catalogKey({ name: cloud, config: { auth: AUTH } as never });
  return (k) => (k === key ? regions : undefined);
}

function check(body: string, catalogRegions?: CatalogRegions): Problem[] {
  return validateCloudsDocument(`clouds:\n  a:\n    ${OK_AUTH}\n${body}`, FILE, 'clouds', catalogRegions ? { catalogRegions } : {}).filter((p) => p.code === 'region-not-in-catalog' || p.code === 'unknown-region');
}

const at = (p: Problem) => `${p.range.start.line + 1}:${p.range.start.character + 1}-${p.range.end.character + 1}`;

test('catalog regions: a region_name the loaded catalog does not list is a warning on the value, fixes for every region, closest first', () => {
  const text = `clouds:\n  a:\n    ${OK_AUTH}\n    region_name: RegionOen\n`;
  const [p, ...rest] = validateCloudsDocument(text, FILE, 'clouds', { catalogRegions: loaded() }).filter((q) => q.code === 'region-not-in-catalog');
  assert.equal(rest.length, 0);
  assert.ok(p);
  assert.equal(p.severity, 'warning');
  assert.equal(at(p), '4:18-27');
  assert.match(p.message, /region 'RegionOen' is not in the cloud's catalog \(it offers RegionOne, RegionTwo, west\).*did you mean 'RegionOne'/);
  const fixes = quickFixes(p, { text });
  assert.deepEqual(fixes.map((f) => f.title), ["Change to 'RegionOne'", "Change to 'RegionTwo'", "Change to 'west'"]);
  assert.equal(fixes[0]!.preferred, true);
  assert.equal(applyEdits(text, fixes[0]!.edits), text.replace('RegionOen', 'RegionOne'));
});

test('catalog regions: no finding without the catalog (the CLI, not loaded in this window, or a catalog without regions)', () => {
  assert.deepEqual(check('    region_name: Nowhere\n'), []);
  assert.deepEqual(check('    region_name: Nowhere\n', () => undefined), []);
  assert.deepEqual(check('    region_name: Nowhere\n', loaded([])), []);
  assert.deepEqual(check('    region_name: Nowhere\n', loaded(['', ''])), []);
});

test('catalog regions: a cloud whose auth_url or project was changed in the text is not judged by the old catalog', () => {
  const other = validateCloudsDocument(`clouds:\n  a:\n    auth: {auth_url: "https://other.example.com/v3", username: u, password: p, project_id: x, user_domain_id: default}\n    region_name: Nowhere\n`, FILE, 'clouds', { catalogRegions: loaded() });
  assert.deepEqual(other.filter((p) => p.code === 'region-not-in-catalog'), []);
  const project = validateCloudsDocument(`clouds:\n  a:\n    auth: {auth_url: "${AUTH.auth_url}", username: u, password: p, project_id: y, user_domain_id: default}\n    region_name: Nowhere\n`, FILE, 'clouds', { catalogRegions: loaded() });
  assert.deepEqual(project.filter((p) => p.code === 'region-not-in-catalog'), []);
});

test('catalog regions: a region the catalog lists has no finding (case counts, as in keystoneauth)', () => {
  for (const r of CATALOG) assert.deepEqual(check(`    region_name: ${r}\n`, loaded()), [], r);
  assert.equal(check('    region_name: regionone\n', loaded()).length, 1);
});

test('catalog regions: each entry of regions: is checked the same way, names and {name, values} alike', () => {
  const found = check('    regions:\n      - RegionOne\n      - RegoinTwo\n      - name: "wset"\n        values: {}\n', loaded());
  assert.deepEqual(found.map(at), ['6:9-18', '7:15-21']);
  assert.deepEqual(found.map((p) => (p.data as { suggestion?: string }).suggestion), ['RegionTwo', 'west']);
  // The quoted value is replaced whole, quotes included, by a scalar that reads back as the name.
  assert.equal(quickFixes(found[1]!, { text: '' })[0]!.edits[0]!.newText, 'west');
});

test('catalog regions: with the catalog known, the profile\'s region list is not used as well (one finding, from the catalog)', () => {
  const text = 'clouds:\n  a:\n    profile: citycloud\n    region_name: sto2\n    auth: {username: u, password: p, project_id: x, user_domain_id: d}\n';
  const withoutCatalog = validateCloudsDocument(text, FILE, 'clouds').map((p) => p.code);
  assert.ok(withoutCatalog.includes('unknown-region'));
  const regions = validateCloudsDocument(text, FILE, 'clouds', { catalogRegions: () => ['Sto2', 'Kna1'] }).filter((p) => p.code === 'unknown-region' || p.code === 'region-not-in-catalog');
  assert.deepEqual(regions.map((p) => p.code), ['region-not-in-catalog']);
});

test('catalog regions: the profile check\'s "did you mean" quick fix replaces the value, not the key', () => {
  const text = 'clouds:\n  a:\n    profile: citycloud\n    region_name: sto2\n    auth: {username: u, password: p, project_id: x, user_domain_id: d}\n';
  const p = validateCloudsDocument(text, FILE, 'clouds').find((q) => q.code === 'unknown-region')!;
  assert.equal(applyEdits(text, quickFixes(p, { text })[0]!.edits), text.replace('region_name: sto2', 'region_name: Sto2'));
});
