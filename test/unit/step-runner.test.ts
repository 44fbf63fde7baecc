// The shared runner of multi-step inputs (upload, boot): Back goes one step back, to the
// previous step that ran, and a step offers Back only where there is a step to go back to, so
// Back can never escape a wizard (it once closed the upload wizard with an empty `Error:`).
import assert from 'node:assert/strict';
import test from 'node:test';
import { canGoBack, runSteps, StepBack } from '../../extension/ui/actions/stepRunner';

/** A step that records its run and what canGoBack() said, then answers with the next scripted reply. */
function scripted(name: string, log: string[], replies: ('ok' | 'back')[]) {
  return () => {
    log.push(`${name}${canGoBack() ? '<' : ''}`);
    const reply = replies.shift() ?? 'ok';
    return new Promise<void>((resolve, reject) => setImmediate(() => (reply === 'back' ? reject(new StepBack()) : resolve())));
  };
}

test('runSteps: Back on a step runs the step before it again, then goes on', async () => {
  const log: string[] = [];
  await runSteps([scripted('a', log, []), scripted('b', log, ['ok']), scripted('c', log, ['back', 'back', 'ok'])]);
  // c back to b, b answers again, c back to b again... each Back is one step back
  assert.deepEqual(log, ['a', 'b<', 'c<', 'b<', 'c<', 'b<', 'c<']);
});

test('runSteps: Back skips a skipped step, and goes back one step at a time to the first', async () => {
  const log: string[] = [];
  await runSteps([scripted('a', log, []), () => undefined, scripted('c', log, ['ok', 'back', 'ok']), scripted('d', log, ['back', 'ok'])]);
  assert.deepEqual(log, ['a', 'c<', 'd<', 'c<', 'a', 'c<', 'd<']);
});

test('canGoBack: false outside a runner and in the first step that runs (after skipped ones too), true later, also after an await', async () => {
  assert.equal(canGoBack(), false);
  const seen: boolean[] = [];
  await runSteps([
    () => undefined,
    async () => { seen.push(canGoBack()); },
    async () => { await new Promise((r) => setTimeout(r, 5)); seen.push(canGoBack()); },
  ]);
  assert.deepEqual(seen, [false, true]);
  assert.equal(canGoBack(), false);
});

test('runSteps: any other error of a step ends the wizard with that error; StepBack has a message', async () => {
  const boom = new Error('the chosen clouds have no image');
  await assert.rejects(runSteps([async () => {}, () => Promise.reject(boom)]), (e) => e === boom);
  assert.match(String(new StepBack()), /StepBack: back to the previous step/);
});
