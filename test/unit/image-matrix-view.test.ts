// The Image Matrix webview's messages: the page may only say ready, refresh or which row's Sync
// was pressed; the extension's state is checked before the page renders it; the page's HTML has
// a strict CSP with a nonce and nothing remote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFromWebview, parseToWebview, type MatrixState } from '../../webview/imageMatrix/protocol';
import { imageMatrixHtml } from '../../extension/ui/images/imageMatrixHtml';

const state: MatrixState = {
  type: 'state', clouds: ['a/RegionOne', 'b/RegionOne'], errors: { 'b/RegionOne': 'HTTP 503' },
  rows: [{ key: 'sha256:ab', kind: 'source', label: 'debian:12/x86_64@1', canSync: true, cells: { 'a/RegionOne': { id: 'i', name: '<img src=x onerror=alert(1)>', status: 'active', size: '1.3 MiB', ageDays: 2, endToEnd: 'verified', more: 0 } } }],
};

test('from the page: ready, refresh and sync by row key; nothing else, nothing more', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'refresh' }), { type: 'refresh' });
  assert.deepEqual(parseFromWebview({ type: 'sync', key: 'sha256:ab' }), { type: 'sync', key: 'sha256:ab' });
  for (const bad of [null, [], 'sync', { type: 'sync' }, { type: 'sync', key: 1 }, { type: 'sync', key: 'k', ref: 'debian:12', clouds: ['x'] }, { type: 'sync', key: 'x'.repeat(601) }, { type: 'ready', extra: 1 }, { type: 'upload' }]) {
    assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
  }
});

test('to the page: a whole valid state passes as it is; a cell of an unknown cloud, a bad mark or an oversized text refuses the whole state', () => {
  assert.deepEqual(parseToWebview(JSON.parse(JSON.stringify(state))), state);
  const cell = state.rows[0]!.cells['a/RegionOne']!;
  const withCell = (c: unknown, cloud = 'a/RegionOne') => ({ ...state, rows: [{ ...state.rows[0], cells: { [cloud]: c } }] });
  assert.equal(parseToWebview(withCell(cell, 'c/RegionOne')), undefined);
  assert.equal(parseToWebview(withCell({ ...cell, endToEnd: 'trusted' })), undefined);
  assert.equal(parseToWebview(withCell({ ...cell, name: 'x'.repeat(301) })), undefined);
  assert.equal(parseToWebview(withCell({ ...cell, more: -1 })), undefined);
  assert.equal(parseToWebview({ ...state, errors: { 'z/RegionOne': 'e' } }), undefined);
  assert.equal(parseToWebview({ ...state, rows: [{ ...state.rows[0], kind: 'script' }] }), undefined);
});

test('the page: CSP without remote sources, script and style only by nonce', () => {
  const html = imageMatrixHtml('vscode-webview://x', 'vscode-webview://x/imageMatrix.js', 'N0nce');
  const csp = /content="([^"]+)"/.exec(html)![1]!;
  assert.equal(csp, "default-src 'none'; img-src vscode-webview://x; style-src 'nonce-N0nce'; script-src 'nonce-N0nce'");
  assert.doesNotMatch(html, /https?:\/\//);
  assert.equal((html.match(/<script /g) ?? []).length, 1);
  assert.match(html, /<script nonce="N0nce" src="vscode-webview:\/\/x\/imageMatrix.js">/);
});
