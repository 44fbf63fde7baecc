// js-yaml, taken from its CommonJS build; every module of ours imports js-yaml from here, so one
// copy is bundled. Why not `import ... from 'js-yaml'` (its ES module build): that build's
// parseEvents makes its parser state with an object spread (`{...DEFAULT_PARSER_OPTIONS,
// ...options, input, ...}`), and after the first few parses V8's optimized parser code gets
// 3-4 times slower (the bench's 10,000-line playbook: 17-20 ms a parse instead of 4-6 ms). The
// CommonJS build is the same source with the spread compiled to a helper, and stays fast.
import type * as JsYaml from 'js-yaml';

// A require() is resolved with the package's "require" condition, which names the CommonJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsYaml = require('js-yaml') as typeof JsYaml;

export const { parseEvents, getScalarValue, YAML11_SCHEMA, EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE } = jsYaml;
export type { Event, MappingEvent, ScalarEvent, SequenceEvent } from 'js-yaml';
