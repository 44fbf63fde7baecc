// The test cloud's own plumbing: nova, neutron and glance run on eventlet over sqlite, and two
// green threads writing at once either froze the process for sqlite's busy timeout and then
// failed "database is locked", or failed at once on a read-then-write transaction (servers then
// hung in BUILD for minutes or ended in ERROR: the fleet test took 5-6 min on a busy machine and
// then ~50 s with the fix). test/cloud/python/cooperative_sqlite.py makes those waits yield; this
// runs both situations as those services do (eventlet, WAL), without it (they must still fail,
// or the check proves nothing) and with it (they must succeed). Also: the running services use it.
// (A first version made every service's transactions immediate: neutron, which opens a second
// session inside a transaction, then stalled 30 s on each API write; see cooperative_sqlite.py.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths';

const script = path.join(repoRoot, 'test/cloud/python/check_cooperative_sqlite.py');
const run = (mode: string) => JSON.parse(execFileSync('/usr/bin/python3', [script, mode], { encoding: 'utf8', timeout: 60_000 })) as Record<string, string>;

test('sqlite under eventlet: both lost writes happen without cooperative_sqlite; its waits mend the first, its immediate transactions (nova\'s) the second', () => {
  assert.deepEqual(run('plain'), { blocked_writer: 'database is locked', read_then_write: 'database is locked' });
  assert.deepEqual(run('cooperative'), { blocked_writer: 'ok', read_then_write: 'database is locked' });
  assert.deepEqual(run('immediate'), { blocked_writer: 'ok', read_then_write: 'ok' });
});

test('the test cloud\'s eventlet services on sqlite run with cooperative_sqlite', () => {
  const state = process.env.OPENSTACK_TEST_CLOUD_DIR ?? '/var/lib/openstack-clouds-test';
  for (const service of ['nova-api', 'nova-conductor', 'nova-scheduler', 'neutron', 'glance']) {
    const pid = fs.readFileSync(path.join(state, 'run', `${service}.pid`), 'utf8').trim();
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    assert.match(command, /import cooperative_sqlite;/, `${service}: ${command}`);
    // Immediate transactions for nova only: neutron nests sessions, which they would deadlock.
    assert.equal(command.includes('cooperative_sqlite.begin_immediately()'), service.startsWith('nova-'), `${service}: ${command}`);
  }
});
