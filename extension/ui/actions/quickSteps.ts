// A short multi-step quick input (the quickinput-sample pattern): each step shows "n/N" in its
// title and a Back button after the first; Escape cancels the whole flow silently.
import * as vscode from 'vscode';
import { UserCancelled } from '../commandRunner';

class StepBack extends Error {}

export interface Step {
  step: number;
  total: number;
  title: string;
}

export interface PickStep<T extends vscode.QuickPickItem> extends Step {
  placeholder: string;
  /** Items, or a promise of them (the picker shows busy meanwhile). */
  items: readonly T[] | Promise<readonly T[]>;
  canPickMany?: boolean;
  /** Initially selected (many) or active (one) items, matched by label. */
  selected?: (item: T) => boolean;
  /** Lets a step keep its selection consistent (e.g. at most one key pair). */
  onSelection?: (selected: readonly T[], picker: vscode.QuickPick<T>) => void;
}

export function pickStep<T extends vscode.QuickPickItem>(s: PickStep<T>): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const picker = vscode.window.createQuickPick<T>();
    const disposables: vscode.Disposable[] = [picker];
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      for (const d of disposables) d.dispose();
    };
    picker.title = `${s.title} (${s.step}/${s.total})`;
    picker.placeholder = s.placeholder;
    picker.canSelectMany = !!s.canPickMany;
    picker.ignoreFocusOut = true;
    picker.matchOnDescription = true;
    picker.buttons = s.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    picker.busy = true;
    picker.enabled = false;
    Promise.resolve(s.items).then((items) => {
      picker.items = items;
      const chosen = s.selected ? items.filter(s.selected) : [];
      if (s.canPickMany) picker.selectedItems = chosen;
      else if (chosen.length) picker.activeItems = [chosen[0]!];
      picker.busy = false;
      picker.enabled = true;
    }, (e: unknown) => finish(() => reject(e)));
    disposables.push(
      picker.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(() => reject(new StepBack()));
      }),
      picker.onDidChangeSelection((sel) => s.onSelection?.(sel, picker)),
      picker.onDidAccept(() => {
        const chosen = s.canPickMany ? [...picker.selectedItems] : picker.activeItems.slice(0, 1);
        if (!chosen.length && !s.canPickMany) return;
        finish(() => resolve(chosen));
      }),
      picker.onDidHide(() => finish(() => reject(new UserCancelled()))),
    );
    picker.show();
  });
}

export interface InputStep extends Step {
  prompt: string;
  value: string;
  validate?: (value: string) => string | undefined;
}

export function inputStep(s: InputStep): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const box = vscode.window.createInputBox();
    const disposables: vscode.Disposable[] = [box];
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      for (const d of disposables) d.dispose();
    };
    box.title = `${s.title} (${s.step}/${s.total})`;
    box.prompt = s.prompt;
    box.value = s.value;
    box.ignoreFocusOut = true;
    box.buttons = s.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    disposables.push(
      box.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) finish(() => reject(new StepBack()));
      }),
      box.onDidChangeValue((v) => { box.validationMessage = s.validate?.(v); }),
      box.onDidAccept(() => {
        const problem = s.validate?.(box.value);
        if (problem) {
          box.validationMessage = problem;
          return;
        }
        finish(() => resolve(box.value));
      }),
      box.onDidHide(() => finish(() => reject(new UserCancelled()))),
    );
    box.show();
  });
}

/** Runs the steps in order; Back goes to the previous step that ran (a skipped step is skipped again). */
export async function runSteps(steps: readonly (() => Promise<void> | undefined)[]): Promise<void> {
  const ran: number[] = [];
  for (let i = 0; i < steps.length;) {
    try {
      const pending = steps[i]!();
      if (pending) {
        await pending;
        ran.push(i);
      }
      i++;
    } catch (e) {
      if (!(e instanceof StepBack)) throw e;
      const previous = ran.pop();
      i = previous ?? 0;
    }
  }
}
