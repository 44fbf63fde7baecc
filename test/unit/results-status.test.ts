// The status bar item that keeps "Show Results" a click away: the newest action in a few words.
import assert from 'node:assert/strict';
import test from 'node:test';
import { statusOf } from '../../extension/ui/results/resultsStatusText';
import type { ActionCard, RowState } from '../../webview/results/protocol';

const card = (states: RowState[], summary?: string): ActionCard => ({
  id: '1', title: 'Boot of web', started: '', summary, rows: states.map((state, i) => ({ target: `c${i}`, state, text: '', cells: [] })),
});

test('statusOf: running, done, some or all failed; the tooltip is the summary', () => {
  assert.equal(statusOf(undefined), undefined);
  assert.equal(statusOf(card(['running', 'ok']))!.text, '$(sync~spin) Boot of web: 1/2');
  assert.deepEqual(statusOf(card(['ok', 'ok'], 'Boot of web: 2 of 2 clouds: ACTIVE')), { text: '$(check) Boot of web: 2/2', tooltip: 'Boot of web: 2 of 2 clouds: ACTIVE\nClick to show the OpenStack Results view' });
  assert.equal(statusOf(card(['ok', 'failed']))!.text, '$(warning) Boot of web: 1 of 2 failed');
  assert.equal(statusOf(card(['failed']))!.text, '$(error) Boot of web: 1 of 1 failed');
  assert.equal(statusOf({ ...card(['ok']), title: `Upload of ${'x'.repeat(60)}` })!.text.length, '$(check) '.length + 40 + ': 1/1'.length);
});
