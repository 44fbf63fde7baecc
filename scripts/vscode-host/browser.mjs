// Headless Debian Chromium through playwright-core, with the run's isolated environment, and a
// record of every request that would leave loopback (the tests fail on any).
import { chromium } from 'playwright-core';
import { isLoopbackUrl } from './loopback.cjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-features=Translate,OptimizationHints,MediaRouter',
];

/** Launches chromium; `env` is the run's (HOME/XDG inside the run folder, so ~/.config/chromium stays untouched). */
export function launchChromium(run) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env: run.env });
}

/**
 * A fresh browser context (own profile) that records non-loopback requests and web sockets in
 * `offLoopback`. A webview's resources have URLs on `*.vscode-resource.vscode-cdn.net` that its
 * service worker answers from the workbench (over loopback): such a request is struck off once
 * its response is known to come from the service worker; any other stays recorded.
 */
export async function newWatchedContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const offLoopback = [];
  context.on('request', (r) => { if (!isLoopbackUrl(r.url())) offLoopback.push(r.url()); });
  context.on('requestfinished', async (r) => {
    if (isLoopbackUrl(r.url()) || !(await r.response().catch(() => null))?.fromServiceWorker()) return;
    const i = offLoopback.indexOf(r.url());
    if (i >= 0) offLoopback.splice(i, 1);
  });
  // 'page' also fires for context.newPage(), so every page's web sockets are watched.
  context.on('page', (page) => page.on('websocket', (ws) => { if (!isLoopbackUrl(ws.url())) offLoopback.push(ws.url()); }));
  return { context, offLoopback };
}

