// The editor uses what the explorer loaded: the regions of the catalogs its tokens brought (the
// region_name check and completion in clouds.yaml) and the names of a cloud's images, flavors,
// networks and key pairs (completion of those options in playbooks). Nothing of it without live data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogKey } from '../../../extension/config/index';
import { completeClouds } from '../../../extension/language/cloudsFeatures';
import { completePlaybook } from '../../../extension/language/editorFeatures';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES, staticLiveResources, type LiveResources } from '../../../extension/language/liveResources';
import { CatalogRegionStore, MAX_CATALOG_REGIONS } from '../../../extension/ui/explorer/catalogRegions';
import { ExplorerLiveResources } from '../../../extension/ui/explorer/liveResources';
import type { ExplorerModel } from '../../../extension/ui/explorer/explorerModel';

const AUTH = { auth_url: 'https://keystone.example.com/v3', username: 'u', project_id: 'x', user_domain_id: 'default' };
const CLOUDS = `clouds:\n  a:\n    auth: {auth_url: "${AUTH.auth_url}", username: u, password: p, project_id: x, user_domain_id: default}\n    region_name: RegionOen\n`;
const REGION = { name: 'a', config: { auth: AUTH } as never };

/** The explorer's live resources after a token of cloud `a` brought a catalog naming these regions. */
function explorerAfterToken(regions: string[]): { live: ExplorerLiveResources; store: CatalogRegionStore } {
  const store = new CatalogRegionStore();
  const model = { onDidChange: () => ({ dispose: () => undefined }) } as unknown as ExplorerModel;
  const live = new ExplorerLiveResources(model, { regionsOf: () => undefined, mayLoad: () => false, catalogs: store });
  store.record(REGION, regions);
  return { live, store };
}

function regionProblems(live: LiveResources) {
  const service = new LanguageService({ cloudNames: () => ['a'], live: () => live, cloudsFile: () => undefined });
  return service.analyze({ fileName: '/w/clouds.yaml', languageId: 'yaml', version: 1, text: CLOUDS }).problems.filter((p) => p.code === 'region-not-in-catalog');
}

test('live regions: the language service checks region_name against the catalog the explorer loaded, and not without it', () => {
  const { live } = explorerAfterToken(['RegionOne', 'RegionTwo']);
  const [p] = regionProblems(live);
  assert.equal(p?.severity, 'warning');
  assert.equal((p?.data as { suggestion?: string }).suggestion, 'RegionOne');
  assert.deepEqual(regionProblems(NO_LIVE_RESOURCES), [], 'the CLI and live awareness off: nothing');
  assert.deepEqual(regionProblems(explorerAfterToken([]).live), [], 'a catalog without regions: nothing');
  assert.deepEqual(regionProblems(new ExplorerLiveResources({ onDidChange: () => ({ dispose: () => undefined }) } as unknown as ExplorerModel, { regionsOf: () => undefined, mayLoad: () => false })), [], 'no token yet: nothing');
});

test('live regions: a token bringing a catalog later checks the open document again (a new generation, listeners told)', () => {
  const store = new CatalogRegionStore();
  const live = new ExplorerLiveResources({ onDidChange: () => ({ dispose: () => undefined }) } as unknown as ExplorerModel, { regionsOf: () => undefined, mayLoad: () => false, catalogs: store });
  const service = new LanguageService({ cloudNames: () => ['a'], live: () => live, cloudsFile: () => undefined });
  const doc = { fileName: '/w/clouds.yaml', languageId: 'yaml', version: 1, text: CLOUDS };
  assert.equal(service.analyze(doc).problems.filter((p) => p.code === 'region-not-in-catalog').length, 0);
  let told = 0;
  live.subscribe(() => told++);
  store.record(REGION, ['RegionOne']);
  assert.equal(told, 1);
  assert.equal(service.analyze(doc).problems.filter((p) => p.code === 'region-not-in-catalog').length, 1);
  store.record(REGION, ['RegionOne']);
  assert.equal(told, 1, 'the same catalog again changes nothing');
});

test('live regions: what is kept of a catalog is bounded; the regions of a cloud are found by key and by name', () => {
  const store = new CatalogRegionStore();
  store.record(REGION, [...Array.from({ length: 1000 }, (_, i) => `R${i}`), '', 'x'.repeat(10_000)]);
  assert.equal(store.regionsOf(catalogKey(REGION))!.length, MAX_CATALOG_REGIONS);
  assert.equal(store.regionsOf(catalogKey({ name: 'b', config: { auth: AUTH } as never })), undefined);
  assert.equal(store.regionsOfCloud('a')!.length, MAX_CATALOG_REGIONS);
  assert.equal(store.regionsOfCloud('b'), undefined);
});

test('live regions: region_name completion in clouds.yaml offers the catalog\'s regions first; none without live data', () => {
  const { live } = explorerAfterToken(['RegionOne', 'RegionTwo']);
  const text = 'clouds:\n  a:\n    regions:\n      - east\n    region_name: \n';
  const offset = text.indexOf('region_name: ') + 'region_name: '.length;
  const sorted = (entries: ReturnType<typeof completeClouds>) => [...entries].sort((x, y) => x.sortText.localeCompare(y.sortText)).map((e) => e.label);
  assert.deepEqual(sorted(completeClouds(text, offset, live)), ['RegionOne', 'RegionTwo', 'east']);
  assert.deepEqual(sorted(completeClouds(text, offset, NO_LIVE_RESOURCES)), ['east']);
  assert.deepEqual(sorted(completeClouds(text, offset)), ['east']);
  const entry = 'clouds:\n  a:\n    regions:\n      - name: \n';
  assert.deepEqual(sorted(completeClouds(entry, entry.length - 1, live)), ['RegionOne', 'RegionTwo']);
});

const ID = '0b5e3c1a-6f7d-4c1e-9a53-2f1e8d7c6b5a';
const LOADED = staticLiveResources({ a: { image: ['ubuntu-24.04', ID, 'debian-12'], flavor: ['m1.small', 'm1.tiny'], network: ['private', 'public'] } });

function completeAt(textWithCursor: string, live: LiveResources = LOADED): string[] {
  const offset = textWithCursor.indexOf('|');
  return completePlaybook(textWithCursor.replace('|', ''), offset, { fileKind: 'playbook', cloudNames: ['a', 'b'], live }).map((e) => e.label);
}

test('live names: image, flavor and network of an openstack.cloud task offer the names loaded for the cloud it names (no IDs)', () => {
  const task = (option: string, cloud = '        cloud: a\n') => `- hosts: localhost\n  tasks:\n    - openstack.cloud.server:\n        name: s\n${cloud}        ${option}: |\n        auto_ip: true\n`;
  assert.deepEqual(completeAt(task('image')), ['debian-12', 'ubuntu-24.04']);
  assert.deepEqual(completeAt(task('flavor')), ['m1.small', 'm1.tiny']);
  assert.deepEqual(completeAt(task('network')), ['private', 'public']);
  // a name that is not a plain YAML word is inserted quoted
  const odd = staticLiveResources({ a: { image: ['yes', 'web: v2'] } });
  const items = completePlaybook(task('image').replace('|', ''), task('image').indexOf('|'), { fileKind: 'playbook', cloudNames: ['a'], live: odd });
  assert.deepEqual(items.map((e) => e.insertText), ['"web: v2"', '"yes"']);
  // the cloud may come after the option, quoted
  assert.deepEqual(completeAt(`- hosts: localhost\n  tasks:\n    - openstack.cloud.server:\n        image: |\n        cloud: "a"\n`), ['debian-12', 'ubuntu-24.04']);
});

test('live names: nothing offered without live data, for a cloud not loaded, without a literal cloud, or for a template', () => {
  const task = (cloud: string) => `- hosts: localhost\n  tasks:\n    - openstack.cloud.server:\n${cloud}        image: |\n`;
  assert.deepEqual(completeAt(task('        cloud: a\n'), NO_LIVE_RESOURCES), []);
  assert.deepEqual(completeAt(task('        cloud: b\n')), []);
  assert.deepEqual(completeAt(task('')), []);
  assert.deepEqual(completeAt(task('        cloud: "{{ target }}"\n')), []);
});
