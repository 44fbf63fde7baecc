// Preloaded into a benchmarked `node` process (node --require): on exit, writes its peak RSS and
// the bytes it read (/proc/self/io rchar: every read() incl. the image file; read_bytes: from the
// block device) to the file named by BENCH_USAGE_FILE.
const fs = require('node:fs');

const out = process.env.BENCH_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    const io = Object.fromEntries(fs.readFileSync('/proc/self/io', 'utf8').trim().split('\n').map((l) => l.split(': ')).map(([k, v]) => [k, Number(v)]));
    fs.writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, rchar: io.rchar, readBytes: io.read_bytes }));
  });
}
