// node:test reporter: one line per test, the failure's error in full, and a closing line
// `<stage>: N passed, N failed` that CI reads. A skipped or cancelled test counts as failed:
// a test that cannot run must say so loudly, never pass by not running.
import path from 'node:path';
import { inspect } from 'node:util';

const stage = process.env.TEST_STAGE ?? 'tests';

export default async function* summaryReporter(source) {
  const totals = { pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  const failures = []; // repeated above the closing line: CI shows only the end of a long log
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:pass' && data.details?.type !== 'suite') {
      const indent = '  '.repeat(data.nesting);
      if (data.skip !== undefined || data.todo !== undefined) {
        yield `${indent}✘ ${data.name} (SKIPPED: ${data.skip || data.todo || 'no reason'})\n`;
      } else {
        yield `${indent}✔ ${data.name} (${Math.round(data.details.duration_ms)} ms)\n`;
      }
    } else if (type === 'test:fail' && data.details?.type !== 'suite') {
      const indent = '  '.repeat(data.nesting);
      const err = data.details.error;
      const cause = err?.cause ?? err;
      const message = inspect(cause, { depth: 4 });
      failures.push(`✘ ${data.file ? `${path.relative(process.cwd(), data.file)}: ` : ''}${data.name}\n    ${message.split('\n').slice(0, 6).join('\n    ')}`);
      yield `${indent}✘ ${data.name} (${Math.round(data.details.duration_ms)} ms)\n${indent}    ${message.split('\n').join(`\n${indent}    `)}\n`;
    } else if (type === 'test:fail' && data.details?.type === 'suite' && data.details.error?.failureType !== 'subtestsFailed') {
      yield `✘ suite ${data.name}: ${inspect(data.details.error?.cause ?? data.details.error)}\n`;
    } else if (type === 'test:diagnostic' && data.nesting === 0) {
      const m = /^(pass|fail|cancelled|skipped|todo) (\d+)$/.exec(data.message);
      if (m) totals[m[1]] = Number(m[2]);
    } else if (type === 'test:stderr' || type === 'test:stdout') {
      yield data.message;
    }
  }
  if (failures.length) yield `\n${stage}: what failed (in full above)\n${failures.join('\n')}\n`;
  const failed = totals.fail + totals.cancelled + totals.skipped + totals.todo;
  const passed = totals.pass - totals.skipped - totals.todo;
  yield `${stage}: ${passed} passed, ${failed} failed\n`;
}
