// Writes schemas/clouds.schema.json from the key tables (extension/config/jsonSchema.ts).
//   node scripts/gen-clouds-schema.mjs
// test/unit/config-schema.test.ts fails when the committed file and the tables disagree.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'out', 'scripts', 'jsonSchema.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'extension/config/jsonSchema.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', packages: 'external' });
const { buildCloudsJsonSchema } = createRequire(import.meta.url)(out);
const target = path.join(root, 'schemas', 'clouds.schema.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${JSON.stringify(buildCloudsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(root, target)}`);
