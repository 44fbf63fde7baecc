// The Results view without VS Code: the book of actions and rows that the actions update, the
// messages both ways (each side accepts only its own shapes), and the page's CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KEPT_ACTIONS, ResultsBook } from '../../extension/ui/results/resultsBook';
import { newNonce, resultsHtml } from '../../extension/ui/results/resultsHtml';
import { parseFromWebview, parseToWebview } from '../../webview/results/protocol';

test('results book: an action has a row per target that progress and finish update; newest action first', async () => {
  let changes = 0;
  const book = new ResultsBook(() => changes++, (t) => t.replaceAll('s3cret', '***'));
  const upload = book.begin('Upload of img', ['a/R1', 'b/R2']);
  upload.progress('a/R1', '42%', 42);
  upload.progress('b/R2', 'hashing');
  upload.progress('nobody', 'ignored');
  assert.deepEqual(book.cards[0]!.rows, [
    { target: 'a/R1', state: 'running', text: '42%', percent: 42, cells: [] },
    { target: 'b/R2', state: 'running', text: 'hashing', cells: [] },
  ]);
  upload.finish('a/R1', { state: 'ok', text: 'image active', cells: [{ label: 'Image ID', value: 'i-1' }] });
  upload.finish('b/R2', { state: 'failed', text: 'HTTP 401 for password s3cret' });
  upload.progress('a/R1', 'late progress after the end is ignored', 10);
  upload.summarize('Upload of img: 1 of 2 clouds failed');
  const [card] = book.cards;
  assert.deepEqual(card!.rows, [
    { target: 'a/R1', state: 'ok', text: 'image active', cells: [{ label: 'Image ID', value: 'i-1' }] },
    { target: 'b/R2', state: 'failed', text: 'HTTP 401 for password ***', cells: [] },
  ]);
  assert.equal(card!.summary, 'Upload of img: 1 of 2 clouds failed');
  assert.ok(changes >= 6);

  let sshed = 0;
  const boot = book.begin('Boot of web', ['a/R1']);
  boot.finish('a/R1', { state: 'ok', text: 'ACTIVE', address: '203.0.113.5', ssh: async () => { sshed++; } });
  assert.deepEqual(book.cards.map((c) => c.title), ['Boot of web', 'Upload of img']);
  assert.equal(book.addressOf(boot.id, 'a/R1'), '203.0.113.5');
  assert.equal(book.addressOf(upload.id, 'a/R1'), undefined, 'an upload row has no address');
  assert.equal(book.addressOf('unknown', 'a/R1'), undefined);
  await book.sshFor(boot.id, 'a/R1')!();
  assert.equal(sshed, 1);
  assert.equal(book.sshFor(upload.id, 'a/R1'), undefined);
  // Every card the book holds is a valid message for the webview.
  assert.deepEqual(parseToWebview({ type: 'state', actions: [...book.cards] }), { type: 'state', actions: book.cards });

  const broken = book.begin('Upload of x', ['a/R1', 'b/R2']);
  broken.finish('a/R1', { state: 'ok', text: 'image active' });
  broken.progress('b/R2', '10%', 10);
  broken.abandon(new Error('the file went away (s3cret)'));
  assert.deepEqual(book.cards[0]!.rows.map((r) => [r.state, r.text, r.percent]), [['ok', 'image active', undefined], ['failed', 'the file went away (***)', undefined]]);

  let exported = 0;
  broken.exportable(async () => { exported++; });
  assert.equal(book.cards[0]!.exportable, true);
  await book.exportFor(broken.id)!();
  assert.equal(exported, 1);
  assert.equal(book.exportFor(boot.id), undefined, 'a card without a playbook offers none');
  for (let i = 0; i < KEPT_ACTIONS; i++) book.begin(`action ${i}`, ['a/R1']);
  assert.equal(book.cards.length, KEPT_ACTIONS);
  assert.equal(book.sshFor(boot.id, 'a/R1'), undefined, 'a dropped action forgets its buttons');
  assert.equal(book.exportFor(broken.id), undefined, 'and its export');
});

test('messages from the webview: only ready, and a button naming a row', () => {
  assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseFromWebview({ type: 'ssh', actionId: 'x', target: 'a/R1' }), { type: 'ssh', actionId: 'x', target: 'a/R1' });
  assert.deepEqual(parseFromWebview({ type: 'copyAddress', actionId: 'x', target: 'a/R1' }), { type: 'copyAddress', actionId: 'x', target: 'a/R1' });
  assert.deepEqual(parseFromWebview({ type: 'exportPlaybook', actionId: 'x' }), { type: 'exportPlaybook', actionId: 'x' });
  for (const bad of [
    { type: 'exportPlaybook' }, { type: 'exportPlaybook', actionId: 'x', file: '/etc/passwd' }, { type: 'exportPlaybook', actionId: 'x'.repeat(101) },
    undefined, null, 'ready', [], {}, { type: 'run', command: 'rm -rf /' }, { type: 'ready', extra: 1 },
    { type: 'ssh', actionId: 'x' }, { type: 'ssh', actionId: 1, target: 'a' }, { type: 'ssh', actionId: 'x', target: 'a', address: '198.51.100.1' },
    { type: 'copyAddress', actionId: 'x'.repeat(101), target: 'a' },
  ]) assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad));
});

test('messages to the webview: the state, checked field by field', () => {
  const row = { target: 'a/R1', state: 'running', text: 'starting', cells: [] };
  const action = { id: 'x', title: 'Boot of web', started: '2026-11-26T17:00:00.000Z', rows: [row] };
  assert.deepEqual(parseToWebview({ type: 'state', actions: [action] }), { type: 'state', actions: [action] });
  for (const bad of [
    { type: 'html', html: '<script>' }, { type: 'state' }, { type: 'state', actions: [{ ...action, rows: [{ ...row, state: 'pwned' }] }] },
    { type: 'state', actions: [{ ...action, rows: [{ ...row, percent: 101 }] }] }, { type: 'state', actions: [{ ...action, rows: [{ ...row, cells: [{ label: 1, value: 'v' }] }] }] },
    { type: 'state', actions: [{ ...action, title: 7 }] }, { type: 'state', actions: [{ ...action, exportable: 'yes' }] },
  ]) assert.equal(parseToWebview(bad), undefined, JSON.stringify(bad));
  assert.deepEqual(parseToWebview({ type: 'state', actions: [{ ...action, exportable: true }] }), { type: 'state', actions: [{ ...action, exportable: true }] });
});

test('the page: strict CSP with a fresh nonce, nothing remote, no inline script without it', () => {
  const nonce = newNonce();
  assert.notEqual(nonce, newNonce());
  assert.match(nonce, /^[A-Za-z0-9_-]{24}$/);
  const html = resultsHtml('https://file+.vscode-resource.vscode-cdn.net', 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/results.js', nonce);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.equal(csp, `default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'`);
  assert.doesNotMatch(csp!, /unsafe/);
  const tags = [...html.matchAll(/<(script|style)\b[^>]*>/g)].map((m) => m[0]);
  assert.equal(tags.length, 2);
  for (const tag of tags) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  assert.doesNotMatch(html.replace(/https:\/\/file\+\.vscode-resource\.vscode-cdn\.net[^"]*/g, ''), /https?:\/\//, 'no remote URL besides the webview resource');
});
