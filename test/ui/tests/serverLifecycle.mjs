// A server's life in the explorer, against the local test OpenStack, as a person drives it: the
// boot wizard through every step (two clouds, count 2, on the internet with a floating IP) to its
// review, the four servers ACTIVE in the tree; then from one row's context menu Reboot, Stop
// (confirmed) and Start, each seen to settle in the tree; then all four selected with click,
// shift-click and ctrl-click across both clouds and deleted after ONE confirmation that lists
// them. Nova's instance actions show that every action reached the right server, and the
// OpenStack API (the openstack CLI) that nothing the test created is left: no server, no
// floating IP, no port. The tree's Servers lists are narrowed to the test's servers with the
// text filter: others use the cloud at the same time, and their rows must not shift ours.
// Screenshots: serverLifecycleFromTheTree-review.png, serverLifecycleFromTheTree-booted.png and
// serverLifecycleFromTheTree.png (after the actions, before the delete).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../scripts/vscode-host/host.mjs';
import {
  answerInput, checkPickRow, contextMenuOfRow, expandPath, inlineActionOfRow, noProblemToasts, pickRow, quickInputStep, rowAtPath, rowElement, runCommand, showCloudsView, treeRows, viewPane, waitForRow, waitForRows,
} from '../workbench.mjs';

const CLOUDS = ['local-password', 'local-tasks'];
const TARGETS = CLOUDS.map((c) => `${c}/RegionOne`);
const CLI = path.join(repoRoot, 'dist', 'cli.js');
/** Booting four servers and a floating IP each on a loaded 2-core machine (seen: almost 6 minutes). */
const BOOT_MS = 12 * 60_000;
const SETTLE_MS = 4 * 60_000;

/** The openstack CLI (Debian's python-openstackclient) on the test cloud: JSON out. */
function osc(cloudsYaml, cloud, ...args) {
  const out = execFileSync('/usr/bin/openstack', ['--os-cloud', cloud, ...args, '-f', 'json'], {
    env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000,
  });
  return JSON.parse(out);
}

function cli(cloudsYaml, ...args) {
  return execFileSync(process.execPath, [CLI, ...args], { env: { ...process.env, OPENSTACK_CLOUDS_FILE: cloudsYaml }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

/** Waits for the boot wizard's step `(n/10)` (and, for a picker, its first row). */
const step = (page, n, { picker = true } = {}) => quickInputStep(page, n, 10, { picker, timeoutMs: 60_000 });

/** Everything the review list says: it is longer than the quick pick, so it is scrolled through. */
async function reviewText(page) {
  const list = page.locator('.quick-input-widget .quick-input-list');
  const seen = [];
  for (let i = 0; i < 8; i++) {
    seen.push(await list.innerText());
    await list.hover();
    await page.mouse.wheel(0, 150);
    await page.waitForTimeout(150); // the list renders the rows scrolled in on the next frame
  }
  return seen.join('\n');
}

/** A server row that has settled in `status` (its icon no longer spins). */
async function waitForSettled(page, rowPath, status, timeoutMs = SETTLE_MS) {
  const deadline = Date.now() + timeoutMs;
  let last = 'not rendered';
  let rows = [];
  while (Date.now() < deadline) {
    rows = await treeRows(page, 'Clouds');
    const row = rowAtPath(rows, rowPath);
    last = 'not rendered';
    if (row) {
      const spinning = await rowElement(page, 'Clouds', row).locator('.codicon-loading').count().catch(() => 1);
      last = `${row.description}${spinning ? ' (spinning)' : ''}`;
      if (!spinning && new RegExp(`^${status}( ·|$)`).test(row.description)) return row;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`${rowPath.join(' › ')} did not settle in ${status}; it shows: ${last}; rows: ${JSON.stringify(rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} ${r.description}`))}`);
}

/**
 * Runs a power action from the row's context menu and waits until it is over: its progress
 * notification came and went (it waits for the server to settle), and the row says `settles`.
 */
async function powerFromMenu(page, rowPath, item, settles, { confirm } = {}) {
  await contextMenuOfRow(page, 'Clouds', rowPath, item);
  if (confirm) {
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    assert.ok(text.includes(confirm), `the confirmation says "${confirm}": ${text}`);
    await dialog.locator('.monaco-button', { hasText: new RegExp(`^${item.replace('…', '')}$`) }).click();
  }
  // "Reboot: NAME on CLOUD/RegionOne": open until Nova says the server has settled
  const progress = page.locator('.notification-toast', { hasText: `: ${rowPath[2]} on ${rowPath[0]}/RegionOne` }).first();
  await progress.waitFor({ timeout: 60_000 });
  await progress.waitFor({ state: 'detached', timeout: SETTLE_MS });
  await noProblemToasts(page);
  return waitForSettled(page, rowPath, settles);
}

/**
 * Every notification of the run, toasts gone by included (the notification center keeps them):
 * none says that VS Code refused rows of the tree ("already registered", "No tree item") or that
 * a command got no row.
 */
async function noTreeErrors(page) {
  await runCommand(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  await center.waitFor({ timeout: 15_000 });
  const texts = (await center.locator('.notification-list-item').allInnerTexts()).map((x) => x.replace(/\s+/g, ' '));
  await page.keyboard.press('Escape');
  const bad = texts.filter((x) => /already registered|No tree item|works on a .* row/.test(x));
  assert.deepEqual(bad, [], `notifications of the run: ${JSON.stringify(texts)}`);
}

/** Moves the pointer off the view so that no tooltip covers rows in a screenshot. */
async function pointerAway(page) {
  await page.mouse.move(1000, 700);
  await page.locator('.workbench-hover, .monaco-hover').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
}

/** Narrows a cloud's Servers list to this test's servers with the row's inline "Filter…". */
async function filterServers(page, cloud, text) {
  await inlineActionOfRow(page, 'Clouds', [cloud, 'Servers'], 'Filter…', page.locator('.quick-input-widget .quick-input-title', { hasText: `Filter Servers of ${cloud}` }));
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await waitForRows(page, 'Clouds', `the Servers of ${cloud} filtered`, (rows) => (rowAtPath(rows, [cloud, 'Servers'])?.description ?? '').startsWith(`“${text}”`), 30_000);
}

/** Clicks rows (with modifiers) until exactly these server rows are selected. */
async function selectRows(page, paths) {
  const keyOf = (p) => p.join(' › ');
  for (let attempt = 1; ; attempt++) {
    for (const [i, p] of paths.entries()) {
      const row = await waitForRow(page, 'Clouds', p);
      const modifiers = i === 0 ? [] : i === 1 ? ['Shift'] : ['Control'];
      await rowElement(page, 'Clouds', row).locator('.label-name').click({ modifiers });
    }
    const selected = await selectedPaths(page);
    if (JSON.stringify(selected.filter((s) => paths.some((p) => keyOf(p) === s)).sort()) === JSON.stringify(paths.map(keyOf).sort())
      && selected.length === paths.length) return;
    if (attempt === 3) throw new Error(`could not select ${JSON.stringify(paths.map(keyOf))}; selected: ${JSON.stringify(selected)}`);
  }
}

/** The paths of the selected rows of the Clouds view. */
async function selectedPaths(page) {
  const rows = await treeRows(page, 'Clouds');
  const selected = await viewPane(page, 'Clouds').locator('.monaco-list-row[aria-selected="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-index')));
  return selected.map((index) => {
    const i = rows.findIndex((r) => r.index === index);
    const labels = [rows[i].label];
    for (let k = i - 1, level = rows[i].level; k >= 0 && level > 1; k--) if (rows[k].level < level) { labels.unshift(rows[k].label); level = rows[k].level; }
    return labels.join(' › ');
  });
}

/** The servers named NAME-… on a cloud, their ports and the floating IPs on those ports (from the API). */
function resourcesOf(cloudsYaml, cloud, name) {
  const servers = osc(cloudsYaml, cloud, 'server', 'list', '--name', `^${name}-`);
  const ports = servers.flatMap((s) => osc(cloudsYaml, cloud, 'port', 'list', '--device-id', s.ID).map((p) => ({ ...p, server: s.ID })));
  const fips = ports.flatMap((p) => osc(cloudsYaml, cloud, 'floating', 'ip', 'list', '--port', p.ID, '--long'));
  return { servers, ports, fips };
}

export async function serverLifecycleFromTheTree(t) {
  const cloudsYaml = t.cloudsYaml;
  const name = `ui-life-${crypto.randomBytes(3).toString('hex')}`;
  const names = [`${name}-1`, `${name}-2`];
  const created = {}; // cloud -> what the boot made (for the final check, and the cleanup)
  try {
    const page = await t.open(t.workspace({ 'clouds.yaml': fs.readFileSync(cloudsYaml, 'utf8') }, 'my-clouds'));
    await showCloudsView(page, ['local-password', 'local-appcred', 'local-tasks']);

    // --- Boot: every step of the wizard, then its review.
    await runCommand(page, 'OpenStack: Boot Server');
    await step(page, 1);
    for (const target of TARGETS) await checkPickRow(page, target, 60_000);
    await page.keyboard.press('Enter');
    await step(page, 2);
    await pickRow(page, 'test-image').click({ timeout: 60_000 });
    await step(page, 3);
    await pickRow(page, 'm1.tiny').click({ timeout: 60_000 });
    await step(page, 4);
    await pickRow(page, 'Automatic').click({ timeout: 60_000 });
    const groups = await step(page, 5);
    assert.equal(await groups.locator('.quick-input-list .monaco-list-row', { hasText: 'default' }).first().getAttribute('aria-checked'), 'true', 'the "default" security group is checked');
    await page.keyboard.press('Enter');
    const keys = await step(page, 6);
    const checked = await keys.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent?.trim()));
    assert.deepEqual(checked, ['Make sure it is on the internet'], 'both clouds have floating IPs: on the internet by default, and no key pair of anybody else');
    await page.keyboard.press('Enter');
    await step(page, 7, { picker: false });
    await answerInput(page, name);
    await step(page, 8, { picker: false });
    await answerInput(page, '2');
    await step(page, 9);
    await page.keyboard.press('Enter'); // no user data
    await step(page, 10);
    const review = await reviewText(page);
    for (const expected of ['4 servers on 2 clouds', ...TARGETS.map((target) => `${target}: 2 servers`), names.join(', '), 'test-image', 'm1.tiny', 'automatic', 'default']) {
      assert.ok(review.includes(expected), `the review shows "${expected}": ${review}`);
    }
    const internet = review.match(/yes: [^\n]*floating IP[^\n]*/g) ?? [];
    assert.equal(internet.length >= 2, true, `each cloud's review says how its servers get on the internet (a floating IP): ${review}`);
    // back at the top, where "Boot" is (the screenshot shows it and the first cloud)
    await page.locator('.quick-input-widget .quick-input-list').hover();
    await page.mouse.wheel(0, -5000);
    await page.waitForTimeout(300); // the list renders the rows scrolled back in on the next frame
    await t.screenshot('-review');
    await page.keyboard.press('Enter');

    const summary = page.locator('.notification-toast', { hasText: `Boot of ${name}: 2 of 2 clouds: 2/2 ACTIVE` });
    await summary.waitFor({ timeout: BOOT_MS });
    await noProblemToasts(page);
    await summary.hover();
    await summary.locator('.codicon-notifications-clear').click(); // the later toasts show alone
    for (const cloud of CLOUDS) created[cloud] = resourcesOf(cloudsYaml, cloud, name);
    for (const cloud of CLOUDS) {
      assert.deepEqual(created[cloud].servers.map((s) => s.Name).sort(), names, `the API lists both servers on ${cloud}`);
      assert.equal(created[cloud].fips.length, 2, `each server on ${cloud} has a floating IP: ${JSON.stringify(created[cloud].fips)}`);
    }

    // --- The tree shows the four ACTIVE with their public addresses.
    for (const cloud of CLOUDS) {
      await expandPath(page, 'Clouds', [cloud, 'Servers']);
      await filterServers(page, cloud, name);
    }
    for (const cloud of CLOUDS) for (const n of names) await waitForSettled(page, [cloud, 'Servers', n], 'ACTIVE · 203\\.0\\.113\\.\\d+', BOOT_MS);
    await pointerAway(page);
    await t.screenshot('-booted');

    // --- Reboot, stop, start one server from its row's context menu; each settles in the tree.
    const one = ['local-password', 'Servers', names[0]];
    await powerFromMenu(page, one, 'Reboot', 'ACTIVE');
    await powerFromMenu(page, one, 'Stop…', 'SHUTOFF', { confirm: `Stop server "${names[0]}" on local-password/RegionOne?` });
    await powerFromMenu(page, one, 'Start', 'ACTIVE');
    const server = created['local-password'].servers.find((s) => s.Name === names[0]);
    const actions = osc(cloudsYaml, 'local-password', 'server', 'event', 'list', server.ID).map((e) => e.Action).reverse();
    assert.deepEqual(actions.filter((a) => ['reboot', 'stop', 'start'].includes(a)), ['reboot', 'stop', 'start'], `Nova's instance actions of ${names[0]}: ${actions}`);
    for (const cloud of CLOUDS) for (const n of names) await waitForSettled(page, [cloud, 'Servers', n], 'ACTIVE');
    await pointerAway(page);
    await t.screenshot();

    // --- All four selected across both clouds; one confirmation lists them; deleted.
    const four = CLOUDS.flatMap((cloud) => names.map((n) => [cloud, 'Servers', n]));
    await selectRows(page, four);
    await contextMenuOfRow(page, 'Clouds', four[3], 'Delete Server…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 30_000 });
    const text = await dialog.innerText();
    const listed = [...text.matchAll(/"([^"]+)" on (\S+) \(ID/g)].map((m) => `${m[2]} ${m[1]}`).sort();
    const expected = TARGETS.flatMap((target) => names.map((n) => `${target} ${n}`)).sort();
    if (!text.includes('Delete 4 servers?') || JSON.stringify(listed) !== JSON.stringify(expected)) {
      await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
      assert.fail(`the one confirmation lists exactly the four servers: ${text}`);
    }
    await dialog.locator('.monaco-button', { hasText: /^Delete$/ }).click();
    await waitForRows(page, 'Clouds', 'the four rows to go', (rows) => four.every((p) => !rowAtPath(rows, p)) && CLOUDS.every((c) => rowAtPath(rows, [c, 'Servers'])), SETTLE_MS);
    await noProblemToasts(page);

    await noTreeErrors(page);

    // --- Nothing is left: no server, no floating IP, no port of what the test made.
    for (const cloud of CLOUDS) {
      assert.deepEqual(osc(cloudsYaml, cloud, 'server', 'list', '--name', `^${name}-`), [], `no server ${name}-* on ${cloud}`);
      const fipIds = new Set(osc(cloudsYaml, cloud, 'floating', 'ip', 'list').map((f) => f.ID));
      const portIds = new Set(osc(cloudsYaml, cloud, 'port', 'list').map((p) => p.ID));
      for (const fip of created[cloud].fips) {
        const ours = /created by openstack-clouds for server/.test(fip.Description ?? '');
        if (ours) assert.ok(!fipIds.has(fip.ID), `the floating IP ${fip['Floating IP Address']} created for a server on ${cloud} is released`);
        else assert.equal(osc(cloudsYaml, cloud, 'floating', 'ip', 'show', fip.ID).port_id ?? null, null, `the reused floating IP ${fip['Floating IP Address']} on ${cloud} is detached`);
      }
      for (const port of created[cloud].ports) assert.ok(!portIds.has(port.ID), `the port ${port.ID} of a server on ${cloud} is gone`);
    }
  } finally {
    // Whatever the test got to: the servers (and the floating IPs created for them) go.
    for (const cloud of CLOUDS) {
      try {
        cli(cloudsYaml, 'delete', 'server', '--prefix', `${name}-`, '--cloud', cloud);
      } catch {
        // nothing of this name is left (or the cloud cannot say): the assertions above tell
      }
      for (const fip of created[cloud]?.fips ?? []) {
        if (!/created by openstack-clouds for server/.test(fip.Description ?? '')) continue;
        try {
          execFileSync('/usr/bin/openstack', ['--os-cloud', cloud, 'floating', 'ip', 'delete', fip.ID], { env: { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml }, stdio: 'ignore', timeout: 60_000 });
        } catch {
          // released already
        }
      }
    }
  }
}
