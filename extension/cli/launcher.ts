// The `openstack-clouds` command (dist/cli.js): runs the CLI bundle (dist/cli.bundle.js) through
// V8's code cache, so that a run does not parse and compile the ~1 MB bundle again: ~40 ms of the
// ~200 ms a command takes before its first request (Node 22 does this with
// module.enableCompileCache(); Node 20 has only vm.Script's cachedData).
//
// The cache sits beside the bundle and starts with the sha256 of the bundle it was made from:
// V8 itself checks its version and flags but, of the source, only its length, and code compiled
// for another bundle of the same length would run wrong. When the cache is missing or refused (a
// new bundle, another Node), the run compiles as usual and writes a fresh one when it ends, best
// effort: a read-only install just compiles every time. The build writes the first one.
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli.bundle.js');
const CACHE = `${BUNDLE}.v8cache`;
const DIGEST_BYTES = 32;

function cachedCodeFor(digest: Buffer): Buffer | undefined {
  try {
    const data = fs.readFileSync(CACHE);
    return data.subarray(0, DIGEST_BYTES).equals(digest) ? data.subarray(DIGEST_BYTES) : undefined;
  } catch {
    return undefined;
  }
}

/** Written when the run ends, so that the functions it compiled on the way are in the cache too. */
function saveCachedCode(digest: Buffer, script: vm.Script): void {
  const partial = `${CACHE}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, Buffer.concat([digest, script.createCachedData()]));
    fs.renameSync(partial, CACHE); // atomic: a run reading meanwhile sees the old cache or the new one
  } catch {
    fs.rmSync(partial, { force: true });
  }
}

/** Runs the bundle through the code cache; false when Node should load it itself. */
function runCached(): boolean {
  // Node applies source maps (--enable-source-maps) to the modules it loads, not to a vm.Script:
  // a developer asking for them gets the bundle loaded as usual, stack traces in the sources.
  if (process.sourceMapsEnabled) return false;
  const source = fs.readFileSync(BUNDLE);
  const digest = crypto.createHash('sha256').update(source).digest();
  const cachedData = cachedCodeFor(digest);
  // Node's own module wrapper, on a line of its own so that the bundle's line numbers stay as they
  // are in stack traces.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source.toString('utf8')}\n})`, {
    filename: BUNDLE,
    lineOffset: -1,
    cachedData,
  });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => saveCachedCode(digest, script));

  const bundle = new Module(BUNDLE, module);
  bundle.filename = BUNDLE;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(bundle.exports, bundle.exports, Module.createRequire(BUNDLE), bundle, BUNDLE, path.dirname(BUNDLE));
  return true;
}

// Node's exit waits for V8's background compile jobs, and after any command that spoke HTTP there
// is one: TurboFan optimising undici's llhttp WebAssembly parser, ~150 ms of every run after its
// last line (measured; process.exit waits for it too). Liftoff's baseline code is enough for a
// parser that reads headers and hands bodies on in large slices, and a command is too short to
// gain from more. Set before the bundle is compiled: V8's code cache records the flags it was
// made under and is refused under others. Only the CLI: the extension host is shared.
v8.setFlagsFromString('--liftoff-only');

if (!runCached()) Module.createRequire(BUNDLE)(BUNDLE);
