// Entry point VS Code loads as extensionTestsPath: runs every *.test.js next to this file (each
// bundled on its own by test/vscode/run.mjs) with mocha inside the real extension host.
// Output goes through console.log with a prefix that scripts/vscode-host/run-ext-tests.mjs
// forwards; the counts also go to $OPENSTACK_TEST_RESULT_FILE for the stage's closing line.
import Mocha from 'mocha';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import * as vscode from 'vscode';

const PREFIX = '[vscode-test] ';
const say = (line: string) => console.log(PREFIX + line);

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

/** Prints one line per test and keeps the outcomes for the result file. */
function makeReporter(outcomes: Outcome[]) {
  return class PrefixReporter extends Mocha.reporters.Base {
    constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
      super(runner, options);
      runner.on('pass', (t) => {
        outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 });
        say(`✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`);
      });
      runner.on('fail', (t, err) => {
        const error = inspect(err, { depth: 4 });
        outcomes.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error });
        say(`✘ ${t.fullTitle()}\n    ${error.split('\n').join('\n    ')}`);
      });
    }
  };
}

export async function run(): Promise<void> {
  const outcomes: Outcome[] = [];
  const mocha = new Mocha({ ui: 'bdd', timeout: 20000, color: false, reporter: makeReporter(outcomes) });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  say(`running ${files.length} test files in VS Code ${vscode.version}`);
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  const passed = outcomes.filter((o) => o.state === 'passed').length;
  const failed = outcomes.length - passed;
  if (process.env.OPENSTACK_TEST_RESULT_FILE) fs.writeFileSync(process.env.OPENSTACK_TEST_RESULT_FILE, JSON.stringify({ passed, failed, outcomes }, null, 2));
  say(`${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) throw new Error(`${failed} of ${outcomes.length} extension-host tests failed`);
}
