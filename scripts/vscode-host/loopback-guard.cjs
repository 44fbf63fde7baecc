// Preloaded (NODE_OPTIONS=--require) into the VS Code server and every Node process it forks
// (extension host, file watcher, language servers). Any TCP connection or DNS lookup that would
// leave loopback is refused and written to $LOOPBACK_GUARD_LOG, which the test runners check.
// Each process that loads the guard adds a `loaded` line, so a runner can prove the extension
// host was covered. Plain CommonJS with no dependencies: it runs before anything else.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const { isLoopbackHost } = require('./loopback.cjs');

const logFile = process.env.LOOPBACK_GUARD_LOG;

function record(kind, detail) {
  if (!logFile) return;
  const line = JSON.stringify({ kind, detail, pid: process.pid, argv: process.argv.slice(1).join(' ').slice(0, 300) });
  try { fs.appendFileSync(logFile, `${line}\n`); } catch { /* the run dir is gone: nothing to report to */ }
}

function refused(target) {
  const err = new Error(`loopback guard: connection to ${target} refused (tests only talk to 127.0.0.1)`);
  err.code = 'ECONNREFUSED';
  return err;
}

// net.Socket#connect is what net.connect, http(s).request, tls.connect and undici all end in.
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0]) ? args[0]
    : Array.isArray(args[0]) ? args[0][0] : { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  // Like net itself: a truthy `path` is a unix socket; http passes path: null for TCP.
  if (options && !options.path && !isLoopbackHost(options.host)) {
    const target = `${options.host}:${options.port}`;
    record('connect', target);
    process.nextTick(() => this.destroy(refused(target)));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!isLoopbackHost(hostname) && net.isIP(hostname) === 0) {
    record('dns', hostname);
    const callback = rest[rest.length - 1];
    const err = refused(hostname);
    err.code = 'ENOTFOUND';
    if (typeof callback === 'function') process.nextTick(() => callback(err));
    return {};
  }
  return originalLookup.call(this, hostname, ...rest);
};
const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  if (!isLoopbackHost(hostname) && net.isIP(hostname) === 0) {
    record('dns', hostname);
    const err = refused(hostname);
    err.code = 'ENOTFOUND';
    return Promise.reject(err);
  }
  return originalPromisesLookup.call(this, hostname, ...rest);
};

record('loaded', '');
