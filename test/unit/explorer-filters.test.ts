// The explorer's filters: which clouds and regions the view shows (kept as what was hidden, so a
// new cloud shows up), what the view's title says, the quick pick's rows and how picks become a
// filter; and the text filter of a list (name, status, ID, IPs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterChoices, filterDescription, filterFromPicks, isFiltered, NO_FILTER, readFilter, shownClouds, shownRegions } from '../../extension/ui/explorer/cloudFilter';
import { filteredDescription, matchesText, normalizeFilter } from '../../extension/ui/explorer/textFilter';
import type { ServerWithSummary } from '../../extension/openstack/index';

const region = (name: string, region_name: string) => ({ name, region_name });
const clouds = [
  { name: 'a', regions: [region('a', 'RegionOne')] },
  { name: 'b', regions: [region('b', 'R1'), region('b', 'R2')] },
  { name: 'c', regions: [region('c', '')] },
];

test('cloud filter: hidden clouds and regions drop out of the view, a cloud not hidden shows whole', () => {
  assert.deepEqual(shownClouds(NO_FILTER, clouds), clouds);
  const filter = { hiddenClouds: ['c'], hiddenRegions: [{ cloud: 'b', region: 'R2' }] };
  assert.deepEqual(shownClouds(filter, clouds).map((c) => [c.name, c.regions.map((r) => r.region_name)]), [['a', ['RegionOne']], ['b', ['R1']]]);
  assert.equal(clouds[1]!.regions.length, 2, 'the resolved clouds are not changed');
  assert.deepEqual(shownClouds({ hiddenClouds: [], hiddenRegions: [{ cloud: 'b', region: 'R1' }, { cloud: 'b', region: 'R2' }] }, clouds).map((c) => c.name), ['a', 'c'], 'no region left: no cloud');
  assert.equal(filterDescription(NO_FILTER, clouds), undefined);
  assert.equal(filterDescription({ hiddenClouds: ['c'], hiddenRegions: [] }, clouds), '2 of 3 clouds');
  assert.equal(filterDescription({ hiddenClouds: [], hiddenRegions: [{ cloud: 'b', region: 'R2' }] }, clouds), '3 of 3 clouds · 1 of 2 regions');
  assert.equal(filterDescription({ hiddenClouds: ['gone'], hiddenRegions: [] }, clouds), undefined, 'a hidden cloud that is no longer defined changes nothing');
});

test('cloud filter: a wizard\'s cloud picker offers the regions the view shows, in their order', () => {
  const regions = clouds.flatMap((c) => c.regions);
  assert.deepEqual(shownRegions(NO_FILTER, regions), regions);
  const offered = shownRegions({ hiddenClouds: ['a'], hiddenRegions: [{ cloud: 'b', region: 'R2' }] }, regions);
  assert.deepEqual(offered.map((r) => `${r.name}/${r.region_name}`), ['b/R1', 'c/']);
  assert.deepEqual(shownRegions({ hiddenClouds: ['a', 'b', 'c'], hiddenRegions: [] }, regions), [], 'every cloud hidden: nothing to offer');
});

test('cloud filter: the quick pick lists clouds of one region and each region of the others; picks become what is hidden', () => {
  const filter = { hiddenClouds: ['c', 'old'], hiddenRegions: [{ cloud: 'b', region: 'R2' }] };
  assert.deepEqual(filterChoices(filter, clouds), [
    { cloud: 'a', picked: true },
    { cloud: 'b', region: 'R1', picked: true },
    { cloud: 'b', region: 'R2', picked: false },
    { cloud: 'c', picked: false },
  ]);
  // 'old' is not defined now: it stays hidden (a cloud commented out for a while).
  assert.deepEqual(filterFromPicks(filter, clouds, [{ cloud: 'a' }, { cloud: 'b', region: 'R2' }, { cloud: 'c' }]),
    { hiddenClouds: ['old'], hiddenRegions: [{ cloud: 'b', region: 'R1' }] });
  assert.deepEqual(filterFromPicks(NO_FILTER, clouds, [{ cloud: 'a' }]), { hiddenClouds: ['b', 'c'], hiddenRegions: [] }, 'no region of b picked: b is hidden whole');
  assert.deepEqual(filterFromPicks(filter, clouds, filterChoices(NO_FILTER, clouds)), { hiddenClouds: ['old'], hiddenRegions: [] });
  assert.equal(isFiltered(NO_FILTER), false);
  assert.equal(isFiltered({ hiddenClouds: [], hiddenRegions: [{ cloud: 'b', region: 'R1' }] }), true);
});

test('cloud filter: whatever workspaceState holds is read safely', () => {
  for (const stored of [undefined, null, 42, 'a', [], { hiddenClouds: 'a' }]) assert.deepEqual(readFilter(stored), NO_FILTER);
  assert.deepEqual(readFilter({ hiddenClouds: ['a', 3], hiddenRegions: [{ cloud: 'b', region: 'R1', x: 1 }, { cloud: 'b' }, null] }),
    { hiddenClouds: ['a'], hiddenRegions: [{ cloud: 'b', region: 'R1' }] });
});

const server = (name: string, status: string, publicV4?: string, addresses?: unknown) =>
  ({ server: { id: `id-${name}`, name, status, addresses }, summary: { id: `id-${name}`, name, status, publicV4 } }) as unknown as ServerWithSummary;

test('text filter: name, status, ID and any address, case-insensitively; nothing or blanks keep every row', () => {
  const web = server('web-1', 'ACTIVE', '203.0.113.7', { private: [{ addr: '10.0.0.5' }], v6: [{ addr: 'fd00::5' }] });
  for (const text of ['WEB', 'active', 'id-web', '203.0.113', '10.0.0.5', 'fd00::5', undefined, '', '   ']) assert.ok(matchesText('servers', web, text), String(text));
  for (const text of ['db', 'BUILD', '10.0.0.6']) assert.ok(!matchesText('servers', web, text), text);
  assert.ok(matchesText('servers', server('x', 'BUILD', undefined, { bad: 'shape' }), 'build'), 'an odd addresses value is no address');
  const member = { ...server('api-3', 'ACTIVE'), server: { ...server('api-3', 'ACTIVE').server, metadata: { 'openstack-clouds-fleet': 'api' } } } as ServerWithSummary;
  assert.ok(matchesText('servers', member, 'fleet api') && !matchesText('servers', web, 'fleet'), 'a fleet member is found by "fleet NAME"');
  const image = { id: 'img-1', name: 'Ubuntu 24.04', status: 'queued', os_distro: 'ubuntu' };
  assert.ok(matchesText('images', image, 'queued') && matchesText('images', image, '24.04') && !matchesText('images', image, 'debian'));
  const fip = { id: 'f', floating_ip_address: '203.0.113.9', floating_network_id: 'n', port_id: null, fixed_ip_address: null, status: 'DOWN' };
  assert.ok(matchesText('floatingips', fip, '113.9') && matchesText('floatingips', fip, 'down'));
  assert.equal(normalizeFilter('  web  '), 'web');
  assert.equal(normalizeFilter('x'.repeat(500))!.length, 200);
  assert.equal(filteredDescription('web', 3, 40, false), '“web”: 3 of 40');
  assert.equal(filteredDescription('web', 3, 100, true), '“web”: 3 of 100+');
  assert.equal(filteredDescription('a-very-long-filter-text-that-goes-on', 0, 5, false), '“a-very-long-filter-text-that-…”: 0 of 5');
});
