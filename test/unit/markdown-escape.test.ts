// Text a cloud or a workspace wrote renders in a tooltip or hover as the characters it holds:
// no link, image, autolink, `command:` URI, HTML or emphasis. Checked by rendering with
// markdown-it at its most permissive (HTML on, linkify on), a stricter test than VS Code's
// untrusted, HTML-free MarkdownString.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markdownCode, markdownText } from '../../extension/text/markdown';
import { imageTooltip, serverTooltip, floatingIpTooltip } from '../../extension/ui/explorer/tooltips';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(md: string): string; renderInline(md: string): string };
const md = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = [
  '[click me](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%22%7D)',
  '![x](https://evil.example/track.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:openstack.deleteServer">ok</a>',
  'see https://evil.example/login and www.evil.example and mail@evil.example',
  '<https://evil.example> <command:workbench.action.reloadWindow>',
  '[ref]\n\n[ref]: command:workbench.action.reloadWindow',
  '**bold** _it_ `code` ~~strike~~ # heading\n- item\n> quote\n    indented code',
  '&lt;script&gt; &#x3C;b&#x3E;',
  'name\x1b]52;c;ZWNobw==\x07\u202egnp.exe\r\nnext line',
  'a \\[escaped\\](command:x) b',
];

/** The visible text of rendered HTML, with entities decoded. */
function visible(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\u00a0/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

for (const text of HOSTILE) {
  test(`markdownText renders as plain text: ${JSON.stringify(text).slice(0, 60)}`, () => {
    const html = md.render(markdownText(text));
    assert.doesNotMatch(html, /<(?!\/?(p|br)\b)[a-z]/i, `only paragraphs and line breaks: ${html}`);
    // The characters are all there (control characters shown as escapes, line breaks as breaks).
    const expected = text.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.equal(visible(html).trim().replace(/\n+/g, '\n'), expected.trim().replace(/\n+/g, '\n').replace(/\\u0009/g, '\\t'));
  });
}

test('markdownCode keeps a value in one code span', () => {
  for (const text of ['a`b', 'x\n\n# y', '``[x](command:y)``']) {
    const html = md.renderInline(markdownCode(text));
    assert.match(html, /^<code>[^<]*<\/code>$/, html);
  }
});

test('resource tooltips escape every field a cloud controls', () => {
  const evil = HOSTILE[0]! + HOSTILE[2]!;
  const tooltips = [
    imageTooltip({ id: 'i1', name: evil, status: evil, disk_format: evil, container_format: 'bare', visibility: evil, os_distro: evil } as never),
    serverTooltip({ id: 's1', name: evil, status: 'ERROR', fault: evil, publicV4: evil } as never, evil),
    floatingIpTooltip({ id: 'f1', floating_ip_address: evil, description: evil } as never),
  ];
  for (const t of tooltips) {
    const html = md.render(t);
    assert.doesNotMatch(html, /<(?!\/?(p|br|strong|code)\b)[a-z]/i, html);
    assert.match(html, /<strong>/, 'our own emphasis still renders');
  }
});
