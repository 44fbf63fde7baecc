// The one definition of "stays on this machine" for the loopback guard and the test runners.
'use strict';

/** True for loopback host names and addresses (127.0.0.0/8, ::1, localhost); empty means Node's default, localhost. */
function isLoopbackHost(host) {
  if (host === undefined || host === null || host === '') return true;
  const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0:0:0:0:0:0:0:1'
    || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}

/** True for URLs that stay on this machine: loopback http(s)/ws(s), and schemes that never hit the network (data:, blob:). */
function isLoopbackUrl(url) {
  const u = new URL(url);
  return !/^(https?|wss?):$/.test(u.protocol) || isLoopbackHost(u.hostname);
}

module.exports = { isLoopbackHost, isLoopbackUrl };
