"""sqlite lock waits that yield to eventlet, for the nova services of the test cloud.

nova-api, nova-conductor and nova-scheduler run on eventlet: one OS thread, many green threads.
sqlite waits for a lock (the `timeout=30` of nova.conf's connection URL) by sleeping inside C,
where eventlet cannot switch. When two green threads of one process write at once, the waiting
one blocks the whole process, so the holder never gets to commit: the process stands still for
30 s, then the waiter fails with "database is locked". Servers then hang in BUILD for minutes
or end in ERROR (seen in nova-conductor.log during parallel boots and deletes).

Here the wait yields instead: the connection's own busy timeout is 0, and a statement or commit
that finds the database locked is tried again after a sleep that is eventlet's green sleep once
the service has monkey-patched `time` (it does so before it opens a database), for as long as
the connection's own timeout says (every service's URL says 30 s; 30 s when a caller gives
none). A real deployment's MySQL or PostgreSQL driver waits for locks the same cooperative way.

Waiting only helps where sqlite can grant the lock later. A transaction that read first and
writes second cannot: in WAL mode its write fails at once (SQLITE_BUSY_SNAPSHOT) if another
connection wrote since its read, and no wait mends that (nova's ORM does this, e.g. an autoflush
UPDATE after a query). For nova, begin_immediately() makes every transaction start with BEGIN
IMMEDIATE, taking the write lock up front: its transactions run one at a time, which a test cloud
can afford. Not for neutron: it opens a second session while its first holds a transaction, and
with both immediate the second waits for the first, which waits for it (seen: every write of its
API stalled 30 s, then failed "database is locked" on BEGIN).
Imported before nova's own entry point: see start_nova in test/cloud/lib/launch.sh.
"""
import sqlite3
import time
from sqlite3 import dbapi2

WAIT_SECONDS = 30.0
_connect = dbapi2.connect


def _patiently(call, seconds):
    deadline = time.monotonic() + seconds
    pause = 0.002
    while True:
        try:
            return call()
        except sqlite3.OperationalError as e:
            if 'database is locked' not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(pause)  # looked up at each call: eventlet's after nova's monkey_patch
            pause = min(pause * 2, 0.05)


_CONTROL = ('PRAGMA', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE', 'VACUUM')


_IMMEDIATE = False


def begin_immediately():
    """Every transaction of this process takes the write lock when it begins (see above: nova)."""
    global _IMMEDIATE
    _IMMEDIATE = True


def _immediate(cursor, sql):
    """The statement to run: BEGIN IMMEDIATE for a BEGIN; before the first statement of an
    implicit transaction (the sqlite3 module's own, when isolation_level is not None), a BEGIN
    IMMEDIATE is run first. oslo.db sets isolation_level to None and sends BEGIN itself."""
    if not _IMMEDIATE:
        return sql
    words = sql.split(None, 2)
    head = words[0].upper() if words else ''
    if head == 'BEGIN' and (len(words) == 1 or words[1].upper() in ('DEFERRED', 'TRANSACTION')):
        return 'BEGIN IMMEDIATE'
    connection = cursor.connection
    if connection.isolation_level is not None and not connection.in_transaction and head not in _CONTROL:
        _patiently(lambda: sqlite3.Cursor.execute(cursor, 'BEGIN IMMEDIATE'), _wait_seconds(connection))
    return sql


def _wait_seconds(connection):
    return getattr(connection, 'wait_seconds', WAIT_SECONDS)


class CooperativeCursor(sqlite3.Cursor):
    def execute(self, sql, *args):
        sql = _immediate(self, sql)
        return _patiently(lambda: super(CooperativeCursor, self).execute(sql, *args), _wait_seconds(self.connection))

    def executemany(self, sql, *args):
        sql = _immediate(self, sql)
        return _patiently(lambda: super(CooperativeCursor, self).executemany(sql, *args), _wait_seconds(self.connection))


class CooperativeConnection(sqlite3.Connection):
    wait_seconds = WAIT_SECONDS

    def cursor(self, factory=CooperativeCursor):
        return super().cursor(factory)

    def execute(self, *args):
        return self.cursor().execute(*args)

    def executemany(self, *args):
        return self.cursor().executemany(*args)

    def commit(self):
        return _patiently(super().commit, self.wait_seconds)


def connect(database, timeout=None, *args, **kwargs):
    kwargs.setdefault('factory', CooperativeConnection)
    connection = _connect(database, 0, *args, **kwargs)  # sqlite's own wait would block eventlet
    if timeout is not None and isinstance(connection, CooperativeConnection):
        connection.wait_seconds = float(timeout)
    return connection


dbapi2.connect = connect
sqlite3.connect = connect
