// Builds the three bundles of the extension:
//   extension/extension.ts -> dist/extension.js   (VS Code extension host, cjs, `vscode` external)
//   extension/cli.ts       -> dist/cli.bundle.js  (the same core without VS Code)
//   extension/cli/launcher.ts -> dist/cli.js      (the command, with a shebang: runs the bundle
//                                                  through V8's code cache, which the build primes)
//   webview/*/main.ts      -> dist/webview/*.js   (browser code of the webviews)
// Flags: --watch (rebuild on change), --production (minified, no source maps).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsYamlPlugin } from './scripts/jsYamlPlugin.mjs';

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * The bundles, as esbuild options; `production` minifies and drops source maps. Exported so that
 * tests can bundle exactly what ships (test/unit/activation.test.ts).
 */
export function bundleOptions({ production }) {
  const common = {
    bundle: true,
    minify: production,
    sourcemap: production ? false : 'linked',
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
    plugins: [jsYamlPlugin],
  };
  const webviewEntries = fs.existsSync('webview')
    ? fs.readdirSync('webview', { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join('webview', d.name, 'main.ts')))
        .map((d) => ({ in: path.join('webview', d.name, 'main.ts'), out: d.name }))
    : [];
  return [
    { ...common, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
    { ...common, entryPoints: ['extension/cli.ts'], outfile: 'dist/cli.bundle.js', platform: 'node', format: 'cjs', target: 'node20' },
    { ...common, sourcemap: false, entryPoints: ['extension/cli/launcher.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
    ...(webviewEntries.length ? [{ ...common, entryPoints: webviewEntries, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' }] : []),
  ];
}

/** Prints each output file with its size, so a growing bundle is noticed. */
function reportSizes(result) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${file.padEnd(36)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
}

const sizePlugin = {
  name: 'report-sizes',
  setup(build) {
    build.onEnd((result) => { if (result.metafile) reportSizes(result); });
  },
};

/**
 * Runs the CLI once (`--help`: no request, no clouds.yaml read) so that its launcher writes the code cache
 * beside the bundle; a failure here only means the first real run compiles and writes it.
 */
function primeCliCodeCache() {
  const r = spawnSync(process.execPath, ['dist/cli.js', '--help'], { stdio: 'ignore', timeout: 30_000 });
  if (r.status !== 0 || !fs.existsSync('dist/cli.bundle.js.v8cache')) console.warn('esbuild: the CLI code cache was not primed');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const builds = bundleOptions({ production });

if (!isMain) {
  // imported for its options: build nothing
} else if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context({ ...options, plugins: [...options.plugins, sizePlugin] });
    await ctx.watch();
  }
  console.log('esbuild: watching for changes');
} else {
  fs.rmSync('dist', { recursive: true, force: true, maxRetries: 3 });
  await Promise.all(builds.map((options) => esbuild.build({ ...options, plugins: [...options.plugins, sizePlugin] })));
  fs.chmodSync('dist/cli.js', 0o755);
  primeCliCodeCache();
  console.log(`esbuild: built ${production ? 'production' : 'development'} bundles`);
}
