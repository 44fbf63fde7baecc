"""The two ways nova's eventlet services lost writes on sqlite, each run as nova runs (eventlet,
green threads of one process, WAL), without and with cooperative_sqlite. Prints one JSON line:
{"blocked_writer": ..., "read_then_write": ...}, each "ok" or the error. Used by
test/integration/testcloud-sqlite.test.ts.   usage: check_cooperative_sqlite.py plain|cooperative|immediate
"""
import eventlet
eventlet.monkey_patch()
import json, os, sys, tempfile, time  # noqa: E401,E402
if sys.argv[1] in ('cooperative', 'immediate'):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import cooperative_sqlite
    if sys.argv[1] == 'immediate':
        cooperative_sqlite.begin_immediately()
import sqlite3  # noqa: E402


def database():
    path = os.path.join(tempfile.mkdtemp(), 'check.sqlite')
    c = sqlite3.connect(path)
    c.execute('pragma journal_mode=wal')
    c.execute('create table t(a)')
    c.execute('insert into t values (0)')
    c.commit()
    return path


def outcome(call):
    try:
        call()
        return 'ok'
    except sqlite3.OperationalError as e:
        return str(e)


def blocked_writer():
    """One green thread holds a write while another wants one: sqlite's busy wait freezes both."""
    path, results = database(), {}

    def holder():
        h = sqlite3.connect(path, timeout=2)
        h.execute('insert into t values (1)')
        time.sleep(0.2)
        h.commit()

    def waiter():
        w = sqlite3.connect(path, timeout=2)
        results['waiter'] = outcome(lambda: (w.execute('insert into t values (2)'), w.commit()))

    a = eventlet.spawn(holder)
    eventlet.sleep(0.02)
    b = eventlet.spawn(waiter)
    a.wait()
    b.wait()
    return results['waiter']


def read_then_write():
    """As oslo.db does it (isolation_level None, its own BEGIN): a transaction reads, another
    commits a write, then the first writes: SQLITE_BUSY_SNAPSHOT, which no wait mends."""
    path, results = database(), {}

    def reader():
        r = sqlite3.connect(path, timeout=2)
        r.isolation_level = None
        cur = r.cursor()
        cur.execute('BEGIN')
        cur.execute('select * from t').fetchall()
        time.sleep(0.1)
        results['reader'] = outcome(lambda: (cur.execute('update t set a = a + 1'), r.commit()))

    def writer():
        w = sqlite3.connect(path, timeout=2)
        w.isolation_level = None
        results['writer'] = outcome(lambda: (w.execute('BEGIN'), w.execute('insert into t values (5)'), w.commit()))

    a = eventlet.spawn(reader)
    eventlet.sleep(0.02)
    b = eventlet.spawn(writer)
    a.wait()
    b.wait()
    return results['reader'] if results['writer'] == 'ok' else 'writer: ' + results['writer']


print(json.dumps({'blocked_writer': blocked_writer(), 'read_then_write': read_then_write()}))
