// openstackClouds.autoRefreshSeconds: off by default, at least 10 s, refreshing only while the
// view is visible, re-armed when the setting or the visibility changes (fake timers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AutoRefresh, autoRefreshInterval, MIN_AUTO_REFRESH_SECONDS } from '../../extension/ui/explorer/autoRefresh';

function fakeHost(seconds: number, visible = true) {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const host = {
    seconds: () => seconds,
    visible: () => visible,
    refreshes: 0,
    refresh() { host.refreshes++; },
    setTimer: (fn: () => void, ms: number) => { timers.set(++next, { fn, ms }); return next; },
    clearTimer: (t: unknown) => { timers.delete(t as number); },
    /** Fires the pending timer (there is at most one). */
    fire() { const [id, t] = [...timers.entries()][0]!; timers.delete(id); t.fn(); },
    pending: () => [...timers.values()].map((t) => t.ms),
    set: (s: number, v: boolean) => { seconds = s; visible = v; },
  };
  return host;
}

test('auto refresh: 0, negative or not a number is off; small values are raised to the minimum', () => {
  for (const v of [0, -5, Number.NaN, undefined, '30']) assert.equal(autoRefreshInterval(v), 0, String(v));
  assert.equal(autoRefreshInterval(1), MIN_AUTO_REFRESH_SECONDS);
  assert.equal(autoRefreshInterval(60), 60);
});

test('auto refresh: one timer at a time, a refresh per interval while visible, none while hidden or off', () => {
  const host = fakeHost(0);
  const auto = new AutoRefresh(host);
  auto.update();
  assert.deepEqual(host.pending(), [], 'off by default');
  host.set(30, true);
  auto.update();
  auto.update();
  assert.deepEqual(host.pending(), [30_000], 're-armed, never doubled');
  host.fire();
  host.fire();
  assert.equal(host.refreshes, 2);
  assert.deepEqual(host.pending(), [30_000]);
  host.set(30, false); // the view is hidden: VS Code says so, update() stops the timer
  auto.update();
  assert.deepEqual(host.pending(), []);
  assert.equal(auto.running, false);
  host.set(30, true);
  auto.update();
  assert.equal(host.refreshes, 2, 'shown again: no refresh at once');
  assert.deepEqual(host.pending(), [30_000]);
  auto.dispose();
  assert.deepEqual(host.pending(), []);
});

test('auto refresh: a timer that fires while the view happens to be hidden refreshes nothing and stops', () => {
  const host = fakeHost(10, true);
  const auto = new AutoRefresh(host);
  auto.update();
  host.set(10, false);
  host.fire();
  assert.equal(host.refreshes, 0);
  assert.deepEqual(host.pending(), []);
});
