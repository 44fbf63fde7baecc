// What runs and listens on this machine, read from /proc (no tools to install): the demo stage
// uses it to see that the demo binds loopback only and leaves nothing behind after Ctrl-C.
import fs from 'node:fs';
import net from 'node:net';
import { isLoopbackHost } from '../../scripts/vscode-host/loopback.cjs';

const LISTEN = '0A';

/** An address of /proc/net/tcp{,6} ("0100007F" or 32 hex digits, 32-bit words little-endian) as text. */
function procAddress(hex) {
  const words = hex.match(/.{8}/g).map((w) => w.match(/../g).reverse().join(''));
  if (words.length === 1) return words[0].match(/../g).map((b) => parseInt(b, 16)).join('.');
  const v6 = words.join('');
  if (v6.startsWith('00000000000000000000ffff'.toUpperCase())) return `::ffff:${procAddress(hex.slice(24))}`;
  if (v6 === '00000000000000000000000000000001') return '::1';
  return v6.match(/.{4}/g).join(':').toLowerCase();
}

/** The local addresses that listen on TCP `port` now (IPv4 and IPv6). */
export function listenersOn(port) {
  const found = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try { text = fs.readFileSync(table, 'utf8'); } catch { continue; }
    for (const line of text.trim().split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      const [addr, portHex] = local.split(':');
      if (state === LISTEN && parseInt(portHex, 16) === port) found.push(procAddress(addr));
    }
  }
  return found;
}

/** The listeners on `port` that are not loopback (they would let other machines in). */
export function nonLoopbackListeners(port) {
  return listenersOn(port).filter((a) => !isLoopbackHost(a));
}

/** Resolves true when 127.0.0.1:port accepts a connection. */
export function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 2000 });
    const done = (open) => { socket.destroy(); resolve(open); };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** [{ pid, pgid, cmdline }] of the processes whose command line contains `text`. */
export function processesMentioning(text) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!cmdline.includes(text)) continue;
      // stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so count from its closing ')'
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      found.push({ pid: Number(entry), pgid, cmdline });
    } catch { /* it ended meanwhile */ }
  }
  return found;
}

/** True while any process of group `pgid` lives. */
export function groupAlive(pgid) {
  try { process.kill(-pgid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}
