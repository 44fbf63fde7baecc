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
