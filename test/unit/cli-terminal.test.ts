// Nothing a cloud wrote reaches the terminal raw: names, error bodies and console logs are
// printed with their control characters escaped (ESC ] 52 would write the clipboard, ESC [ 2J
// clear the screen, a bare CR overwrite the line, C1 CSI act as ESC [ in some terminals).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../extension/cli/main';
import { terminalLine, terminalText } from '../../extension/text/terminal';
import { FakeCloud, json } from '../support/fakeCloud';

const HOSTILE = 'web\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\rOK\u009b31m\u202egnp.exe';
/** No ESC, BEL, bare CR, C1 control or bidi override, whatever the line says. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function capture() {
  const io = { stdout: '', stderr: '', out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

async function withCloud(routes: (cloud: FakeCloud) => void, run: (cloudsFile: string) => Promise<void>): Promise<void> {
  const cloud = await new FakeCloud().start();
  routes(cloud);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-terminal-'));
  const file = path.join(dir, 'clouds.yaml');
  const auth = cloud.region().config.auth as Record<string, string>;
  fs.writeFileSync(file, `clouds:\n  fake:\n    region_name: RegionOne\n    auth:\n${Object.entries(auth).map(([k, v]) => `      ${k}: "${v}"\n`).join('')}`);
  try {
    await run(file);
  } finally {
    await cloud.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('terminal text: control characters escaped, line breaks and tabs of multi-line text kept', () => {
  const log = 'login: \x1b[1mroot\x1b[0m\r\n\tcloud-init\r[ OK ]\nend\u0085';
  assert.equal(terminalText(log), 'login: \\u001b[1mroot\\u001b[0m\n\tcloud-init\\u000d[ OK ]\nend\\u0085');
  assert.equal(terminalLine('a\nb\tc\rd\x1b'), 'a\\nb\\tc\\rd\\u001b');
  assert.doesNotMatch(terminalText(HOSTILE), RAW);
  assert.equal(terminalText('plain ascii, é, 日本, 😀'), 'plain ascii, é, 日本, 😀');
});

test('servers: a hostile server name is printed escaped in the table and in --json', async () => {
  await withCloud(
    (cloud) =>
      cloud
        .on('GET', /^\/compute\/v2\.1\/servers\/detail$/, (_req, res) => json(res, 200, { servers: [{ id: 's1', name: HOSTILE, status: 'ACTIVE', addresses: {} }] }))
        .on('GET', /^\/network\/v2\.0\/\w+$/, (req, res) => json(res, 200, { [req.path.split('?')[0]!.split('/').pop()!]: [] })),
    async (file) => {
      for (const json of [false, true]) {
        const io = capture();
        const code = await runCli(['servers', '--cloud', 'fake', '--clouds-file', file, ...(json ? ['--json'] : [])], io);
        assert.equal(code, 0, io.stderr);
        assert.match(io.stdout, /web\\u001b\]52;c;ZWNobyBwd25lZA==\\u0007\\u001b\[2J\\(?:r|u000d)OK\\u009b31m\\u202egnp\.exe/);
        assert.doesNotMatch(io.stdout + io.stderr, RAW);
        if (json) assert.equal(JSON.stringify(JSON.parse(io.stdout)).includes(JSON.stringify(HOSTILE).slice(1, -1)) && HOSTILE, HOSTILE, 'JSON stays JSON and decodes to the name');
      }
    },
  );
});

test('errors: a hostile error body from the cloud is printed escaped', async () => {
  await withCloud(
    (cloud) => cloud.on('GET', /^\/compute\/v2\.1\/servers\/detail$/, (_req, res) => json(res, 500, { computeFault: { message: `boom ${HOSTILE}` } })),
    async (file) => {
      const io = capture();
      assert.equal(await runCli(['servers', '--cloud', 'fake', '--clouds-file', file], io), 1);
      assert.match(io.stdout + io.stderr, /boom web\\u001b/);
      assert.doesNotMatch(io.stdout + io.stderr, RAW);
    },
  );
});
