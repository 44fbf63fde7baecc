// What a UI test does in the VS Code workbench, by selectors that hold for VS Code 1.100.
export const WORKBENCH = '.monaco-workbench';

/** Opens `folder` in the workbench served at `base` and waits until it is ready. */
export async function openWorkbench(page, base, folder) {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.locator(WORKBENCH).waitFor({ timeout: 60000 });
  await page.locator('.activitybar .action-item').first().waitFor({ timeout: 60000 });
}

/** Clicks a view container in the activity bar (unless it is open already). */
export async function openViewContainer(page, title) {
  const entry = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`);
  await entry.waitFor({ timeout: 30000 });
  if ((await entry.getAttribute('aria-expanded')) !== 'true') await entry.click();
  return entry;
}

/** The pane of a view, by the view's name. */
export function viewPane(page, name) {
  return page.locator(`.pane:has(.pane-header[aria-label^="${name}"])`);
}

/** Waits until the view's tree rows are exactly `expected` and returns them. */
export async function waitForTreeLabels(page, viewName, expected, timeoutMs = 30000) {
  const rows = viewPane(page, viewName).locator('.monaco-list-row .label-name');
  const deadline = Date.now() + timeoutMs;
  let labels = [];
  while (Date.now() < deadline) {
    labels = (await rows.allInnerTexts()).map((s) => s.trim());
    if (JSON.stringify(labels) === JSON.stringify(expected)) return labels;
    await page.waitForTimeout(100);
  }
  throw new Error(`tree ${viewName} shows ${JSON.stringify(labels)}, expected ${JSON.stringify(expected)}`);
}

/**
 * Runs a command from the Command Palette by its title ("Category: Title"). The palette lists
 * only enabled commands, and a fresh workbench sets context keys such as `isWorkspaceTrusted`
 * (our commands' enablement) a moment after it paints; so a palette opened too early lacks the
 * command. Reopen it until the command shows (30 s in all) rather than fail on that race.
 */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + 30000;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 15000 });
    await input.fill(`>${title}`);
    const shown = await row.waitFor({ timeout: 5000 }).then(() => true, () => false);
    if (shown) break;
    if (Date.now() > deadline) throw new Error(`the Command Palette does not list "${title}" after 30 s`);
    await page.keyboard.press('Escape');
  }
  // The row itself, not Enter: the top row may be another command the title also matches
  // ("Upload Image…" finds "Upload Built Image…" too).
  await row.click();
}

/**
 * Waits for the open quick input's step `n` of `total` (its title says "(n/total)") and, for a
 * picker, its first row; returns the quick input.
 */
export async function quickInputStep(page, n, total, { picker = true, timeoutMs = 30000 } = {}) {
  const box = page.locator('.quick-input-widget');
  await box.locator('.quick-input-title', { hasText: `(${n}/${total})` }).waitFor({ timeout: timeoutMs });
  if (picker) await box.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: timeoutMs });
  return box;
}

/** The Upload Image wizard on the active editor's file: one target (checked), then the image's name. */
export async function uploadThroughWizard(page, target, name) {
  await runCommand(page, 'OpenStack: Upload Image…');
  await quickInputStep(page, 1, 2, { picker: false, timeoutMs: 15000 });
  await setPickRowChecked(page, page.locator('.quick-input-list .monaco-list-row', { hasText: target }).first());
  await page.keyboard.press('Enter');
  await quickInputStep(page, 2, 2, { picker: false, timeoutMs: 15000 });
  await answerInput(page, name);
}

/** Replaces the text of the quick input's box (a wizard's input step) and accepts it. */
export async function answerInput(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The label of the active editor tab. */
export async function activeEditorTab(page) {
  const tab = page.locator('.tabs-container .tab.active .label-name');
  await tab.waitFor({ timeout: 15000 });
  return (await tab.innerText()).trim();
}

/** The rows a tree view renders now, in order: label, description, level, expanded ('true'/'false'/null), index. */
export async function treeRows(page, viewName) {
  return viewPane(page, viewName).locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => ({
    label: r.querySelector('.label-name')?.textContent?.trim() ?? '',
    description: r.querySelector('.label-description')?.textContent?.trim() ?? '',
    level: Number(r.getAttribute('aria-level')),
    expanded: r.getAttribute('aria-expanded'),
    index: r.getAttribute('data-index'),
  })));
}

/** The row at a label path (`['cloud', 'Images', 'test-image']`) among the rendered rows, or undefined. */
export function rowAtPath(rows, path) {
  let from = 0;
  for (const [depth, label] of path.entries()) {
    const i = rows.findIndex((r, k) => k >= from && r.level === depth + 1 && r.label === label);
    // the match must still be inside the parent found so far (no row of a shallower level in between)
    if (i < 0 || rows.slice(from, i).some((r) => r.level <= depth)) return undefined;
    if (depth === path.length - 1) return rows[i];
    from = i + 1;
  }
  return undefined;
}

/** Waits until the row at `path` is rendered (with this description, if given); returns it. */
export async function waitForRow(page, viewName, path, { description, timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await treeRows(page, viewName);
    const row = rowAtPath(rows, path);
    if (row && (description === undefined || row.description === description)) return row;
    await page.waitForTimeout(100);
  }
  throw new Error(`tree ${viewName} has no row ${path.join(' › ')}${description === undefined ? '' : ` described '${description}'`}; rows: ${JSON.stringify(rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} ${r.description}`))}`);
}

/** Expands every row along `path` (by its twistie: a row's own command may open an editor). */
export async function expandPath(page, viewName, path) {
  for (let depth = 1; depth <= path.length; depth++) {
    const row = await waitForRow(page, viewName, path.slice(0, depth));
    if (row.expanded === 'false') {
      await viewPane(page, viewName).locator(`.monaco-list-row[data-index="${row.index}"] .monaco-tl-twistie`).click();
    }
  }
}

/** Opens a workspace file by name through Quick Open (Ctrl+P), as a person would. */
export async function quickOpen(page, fileName) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(fileName);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

/** The test cloud's clouds.yaml without one secret of one cloud (so the explorer has to ask). */
export function withoutSecret(text, cloud, key) {
  const start = text.indexOf(`  ${cloud}:`);
  const next = text.indexOf('\n  local-', start + 1);
  const end = next < 0 ? text.length : next;
  const block = text.slice(start, end).replace(new RegExp(`\\n\\s+${key}: .*`), '');
  return text.slice(0, start) + block + text.slice(end);
}

/** Answers the masked secret box whose title names the cloud, for this window only. */
export async function answerSecret(page, title, secret) {
  const box = page.locator('.quick-input-widget');
  await box.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30000 });
  if (await box.locator('input').first().getAttribute('type') !== 'password') throw new Error(`the box "${title}" does not mask what is typed`);
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Only until VS Code closes' }).click({ timeout: 15000 });
}

/** The OpenStack view open, the side bar wide enough for whole rows, and these cloud rows shown. */
export async function showCloudsView(page, clouds) {
  await openViewContainer(page, 'OpenStack');
  await widenSideBar(page, 480);
  await waitForTreeLabels(page, 'Clouds', clouds);
}

/** Drags the sash right of the side bar so that rows (and the view's title) show in full. */
export async function widenSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/** The rendered element of a row that treeRows() or waitForRow() returned. */
export function rowElement(page, viewName, row) {
  return viewPane(page, viewName).locator(`.monaco-list-row[data-index="${row.index}"]`);
}

/**
 * Right-clicks the row at `path` and clicks `item` of its context menu. The tree may render
 * again under the pointer (a list reloads behind its rows): the menu is used only if the row was
 * still at the same place once the menu was open, else it is closed and the row found again.
 * An item the menu lacks (the row's state does not offer it yet) is waited for the same way.
 */
export async function contextMenuOfRow(page, viewName, path, item, { timeoutMs = 60000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const label = new RegExp(`^${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const menu = page.locator('.context-view .monaco-menu');
  let why = '';
  while (Date.now() < deadline) {
    const row = await waitForRow(page, viewName, path, { timeoutMs: Math.max(1000, deadline - Date.now()) });
    await rowElement(page, viewName, row).locator('.label-name').click({ button: 'right' });
    const opened = await menu.waitFor({ timeout: 5000 }).then(() => true, () => false);
    const still = rowAtPath(await treeRows(page, viewName), path);
    const entry = menu.locator('.action-menu-item', { has: page.locator('.action-label', { hasText: label }) }).first();
    if (opened && still?.index === row.index && await entry.count()) {
      // A menu item listens for the mouse only 100 ms after the menu is drawn (VS Code's Menu):
      // a click before is lost and the menu stays open; a click that worked closes it.
      for (let click = 0; click < 5 && await menu.isVisible(); click++) {
        await entry.hover();
        await page.waitForTimeout(200);
        await entry.click().catch(() => {});
        await menu.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => {});
      }
      if (!(await menu.isVisible())) return;
    }
    why = !opened ? 'no menu opened' : still?.index !== row.index ? 'the row moved' : `the menu offers ${JSON.stringify(await menu.locator('.action-label').allInnerTexts())}`;
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  throw new Error(`no "${item}" in the context menu of ${path.join(' › ')}: ${why}`);
}

/**
 * Hovers the row at `path`, clicks its inline action `label`, and waits for `opens` (what the
 * action shows) to be visible. As with contextMenuOfRow, the tree may render again under the
 * pointer (a list reloads after a boot): a click that opened nothing within 5 s is tried again on
 * the row found again, until the deadline.
 */
export async function inlineActionOfRow(page, viewName, path, label, opens, { timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const row = rowElement(page, viewName, await waitForRow(page, viewName, path, { timeoutMs: Math.max(1000, deadline - Date.now()) }));
    await row.hover();
    await row.locator(`.action-label[aria-label="${label}"]`).click().catch(() => {});
    if (await opens.waitFor({ timeout: Math.min(5000, Math.max(1000, deadline - Date.now())) }).then(() => true, () => false)) return;
  }
  throw new Error(`the inline action "${label}" of ${path.join(' › ')} opened nothing within ${timeoutMs} ms`);
}

/** Fails with their text if error or warning notifications are on screen. */
export async function noProblemToasts(page) {
  const bad = page.locator('.notification-toast').filter({ has: page.locator('.codicon-error, .codicon-warning') });
  if (await bad.count()) throw new Error(`a notification says: ${(await bad.allInnerTexts()).map((s) => s.replace(/\s+/g, ' ')).join(' | ')}`);
}

/** The quick pick row whose label is exactly `label` (after its icon, if it has one). */
export function pickRow(page, label) {
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
}

/**
 * Sets a multi-select quick pick row's checkbox (`want` true: checked) and waits until the row says
 * so: a click that lands while the list re-renders is lost, so it is clicked again (at most 3 times).
 * The click focuses the checkbox until the quick input takes the focus back; an Enter pressed before
 * then toggles the checkbox instead of accepting the step (seen in CI under load: the step stayed,
 * with the row checked again). So this returns only once the input box has the focus again.
 */
export async function setPickRowChecked(page, row, want = true, timeoutMs = 30000) {
  await row.waitFor({ timeout: timeoutMs });
  const state = String(want);
  for (let attempt = 0; attempt < 3 && (await row.getAttribute('aria-checked')) !== state; attempt++) {
    await row.locator('.monaco-checkbox, input[type=checkbox]').first().click();
    await page.waitForFunction(([el, s]) => el.getAttribute('aria-checked') === s, [await row.elementHandle(), state], { timeout: 3000 }).catch(() => {});
  }
  if ((await row.getAttribute('aria-checked')) !== state) throw new Error(`the quick pick row ${await row.innerText()} is not ${want ? '' : 'un'}checked`);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const focused = () => input.evaluate((el) => el === document.activeElement);
  for (const deadline = Date.now() + 5000; !(await focused()) && Date.now() < deadline;) await page.waitForTimeout(50);
  if (!(await focused())) await input.focus();
}

/** Checks the row with this label in a multi-select quick pick (see setPickRowChecked). */
export async function checkPickRow(page, label, timeoutMs = 30000) {
  await setPickRowChecked(page, pickRow(page, label), true, timeoutMs);
}

/** Polls the rendered rows of a view until `ok(rows)` holds; returns them. */
export async function waitForRows(page, viewName, what, ok, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let rows = [];
  while (Date.now() < deadline) {
    rows = await treeRows(page, viewName);
    if (ok(rows)) return rows;
    await page.waitForTimeout(200);
  }
  throw new Error(`waiting for ${what}; rows: ${JSON.stringify(rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} ${r.description}`))}`);
}
