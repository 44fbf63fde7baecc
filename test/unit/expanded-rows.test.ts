// Saving clouds.yaml keeps the tree's expanded rows: what the Clouds view remembers by row id.
import assert from 'node:assert/strict';
import test from 'node:test';
import { ExpandedRows } from '../../extension/ui/explorer/expandedRows';

test('a row expanded stays expanded until collapsed; unknown rows are collapsed', () => {
  const rows = new ExpandedRows();
  rows.expanded('cloud:a');
  rows.expanded('region:a:RegionOne/images');
  assert.ok(rows.isExpanded('cloud:a'));
  assert.ok(rows.isExpanded('region:a:RegionOne/images'));
  rows.collapsed('cloud:a');
  assert.ok(!rows.isExpanded('cloud:a'));
  assert.ok(!rows.isExpanded('cloud:b'));
  rows.expanded(undefined);
});

test('memory is bounded: the row expanded longest ago is forgotten first', () => {
  const rows = new ExpandedRows();
  for (let i = 0; i < 501; i++) rows.expanded(`r${i}`);
  assert.ok(!rows.isExpanded('r0'));
  assert.ok(rows.isExpanded('r1') && rows.isExpanded('r500'));
});
