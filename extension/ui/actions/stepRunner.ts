// The order of a multi-step input, apart from how a step is shown (quickSteps.ts): the steps run
// in turn, and Back on a step runs the previous step that ran again. Only the runner knows
// whether there is a step to go back to, so a step asks it (`canGoBack`) before it offers Back:
// a step shown outside a runner, or the first one that runs, has no Back button, and Back can
// never escape a wizard (it once closed the upload wizard with an empty `Error:` in the log).
// No `vscode` here: the order is unit-tested.
import { AsyncLocalStorage } from 'node:async_hooks';

/** How a step says "Back": the runner catches it; it never reaches a user or the log. */
export class StepBack extends Error {
  constructor() {
    super('back to the previous step');
    this.name = 'StepBack';
  }
}

// Which step runs now, along the async calls the step makes (it may await lists before it shows).
const current = new AsyncLocalStorage<{ canGoBack: boolean }>();

/** True inside a step of `runSteps` that has an earlier step to go back to. */
export function canGoBack(): boolean {
  return current.getStore()?.canGoBack ?? false;
}

/** A step: a promise while it asks, or undefined when it has nothing to ask (it is skipped). */
export type Step = () => Promise<void> | undefined;

/** Runs the steps in order; Back goes to the previous step that ran (a skipped step is skipped again). */
export async function runSteps(steps: readonly Step[]): Promise<void> {
  const ran: number[] = [];
  for (let i = 0; i < steps.length;) {
    try {
      const pending = current.run({ canGoBack: ran.length > 0 }, steps[i]!);
      if (pending) {
        await pending;
        ran.push(i);
      }
      i++;
    } catch (e) {
      if (!(e instanceof StepBack)) throw e;
      i = ran.pop() ?? i; // no earlier step (it offered no Back): ask this one again
    }
  }
}
