// A bundle exactly as esbuild.mjs builds it for shipping (its production options), written to
// another folder: tests that check what ships (activation cost, the CLI's launcher) build it here.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { repoRoot } from '../../support/paths';

/** Builds the bundle esbuild.mjs writes to `outfile` (e.g. 'dist/cli.js') into `outDir`; returns its path. */
export async function buildAsShipped(outfile: string, outDir: string): Promise<string> {
  const { bundleOptions } = (await import(pathToFileURL(path.join(repoRoot, 'esbuild.mjs')).href)) as { bundleOptions(o: { production: boolean }): esbuild.BuildOptions[] };
  const options = bundleOptions({ production: true }).find((o) => o.outfile === outfile);
  assert.ok(options, `esbuild.mjs has no ${outfile} bundle`);
  const built = path.join(outDir, path.basename(outfile));
  await esbuild.build({ ...options, absWorkingDir: repoRoot, outfile: built, metafile: false });
  return built;
}
