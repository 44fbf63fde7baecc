// The world of the integration tests that upload official base images: a loopback mirror with
// the official sites' layouts (imageMirror.ts) and a scratch image cache, around one test file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { cleanUp } from './cloudSessions';
import { startImageMirror, type ImageMirror } from './imageMirror';

export interface MirrorWorld { mirror: ImageMirror; readonly cacheHome: string }

/**
 * For a file of tests that upload base images: a loopback mirror and a scratch image cache
 * (XDG_CACHE_HOME), set up before its tests and undone after them, with every resource named
 * `prefix…` removed from the clouds. `mirror` is there from the first test on; `prepare` runs
 * once it is.
 */
export function mirrorWorld(prefix: string, prepare?: (world: MirrorWorld) => void): MirrorWorld {
  const world = { mirror: undefined as unknown as ImageMirror, cacheHome: fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-cache-`)) };
  const savedXdg = process.env.XDG_CACHE_HOME;
  before(async () => {
    world.mirror = await startImageMirror();
    process.env.XDG_CACHE_HOME = world.cacheHome;
    prepare?.(world); // here, not in a hook of the test file: root-level hooks may overlap
  });
  after(async () => {
    await world.mirror?.close();
    await cleanUp(prefix, world.cacheHome);
    if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedXdg;
  });
  return world;
}
