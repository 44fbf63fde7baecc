// A short multi-step quick input (the quickinput-sample pattern): each step shows "n/N" in its
// title and, inside `runSteps` (stepRunner.ts) after a step that ran, a Back button; Escape
// cancels the whole flow silently.
import * as vscode from 'vscode';
import { UserCancelled } from '../commandRunner';
import { canGoBack, StepBack } from './stepRunner';

export { runSteps } from './stepRunner';

export interface Step {
  step: number;
  total: number;
  title: string;
}

export interface PickStep<T extends vscode.QuickPickItem> extends Step {
  /** Short (a long one is cut off); a promise when it depends on the items (shown once known). */
  placeholder: string | Promise<string>;
  /** Items, or a promise of them (the picker shows busy meanwhile). */
  items: readonly T[] | Promise<readonly T[]>;
  canPickMany?: boolean;
  /** Initially selected (many) or active (one) items, matched by label. */
  selected?: (item: T) => boolean;
  /** Many: Enter with nothing checked takes the highlighted row instead of an empty answer. */
  atLeastOne?: boolean;
  /** Lets a step keep its selection consistent (e.g. at most one key pair). */
  onSelection?: (selected: readonly T[], picker: vscode.QuickPick<T>) => void;
}

type Settle<R> = { resolve(value: R): void; reject(error: unknown): void };
/** What a QuickPick and an InputBox have in common here. */
type StepInput = vscode.QuickInput & Pick<vscode.InputBox, 'buttons' | 'onDidTriggerButton'>;

/**
 * Shows one step: title "… (n/N)", Back when the step runner has a step to go back to, Escape
 * cancels; `wire` adds the step's own handlers. The input is disposed once the step is settled,
 * whichever way.
 */
function present<R>(input: StepInput, s: Step, wire: (settle: Settle<R>) => vscode.Disposable[]): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [input];
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
      for (const d of disposables) d.dispose();
    };
    const settle: Settle<R> = { resolve: (v) => finish(() => resolve(v)), reject: (e) => finish(() => reject(e)) };
    input.title = `${s.title} (${s.step}/${s.total})`;
    input.ignoreFocusOut = true;
    const back = canGoBack();
    input.buttons = back ? [vscode.QuickInputButtons.Back] : [];
    disposables.push(
      input.onDidTriggerButton((b) => {
        if (back && b === vscode.QuickInputButtons.Back) settle.reject(new StepBack());
      }),
      input.onDidHide(() => settle.reject(new UserCancelled())),
      ...wire(settle),
    );
    input.show();
  });
}

export function pickStep<T extends vscode.QuickPickItem>(s: PickStep<T>): Promise<T[]> {
  const picker = vscode.window.createQuickPick<T>();
  if (typeof s.placeholder === 'string') picker.placeholder = s.placeholder;
  else void s.placeholder.then((p) => { picker.placeholder = p; }, () => undefined);
  picker.canSelectMany = !!s.canPickMany;
  picker.matchOnDescription = true;
  // Busy while the items load, but never disabled: a disabled input loses the keyboard focus.
  picker.busy = true;
  let loaded = false;
  return present<T[]>(picker, s, (settle) => {
    Promise.resolve(s.items).then((items) => {
      picker.items = items;
      const chosen = s.selected ? items.filter(s.selected) : [];
      if (s.canPickMany) picker.selectedItems = chosen;
      else if (chosen.length) picker.activeItems = [chosen[0]!];
      picker.busy = false;
      loaded = true;
    }, settle.reject);
    return [
      picker.onDidChangeSelection((sel) => s.onSelection?.(sel, picker)),
      picker.onDidAccept(() => {
        if (!loaded) return;
        const checked = s.canPickMany ? [...picker.selectedItems] : [];
        const chosen = checked.length || (s.canPickMany && !s.atLeastOne) ? checked : picker.activeItems.slice(0, 1);
        if (chosen.length || (s.canPickMany && !s.atLeastOne)) settle.resolve(chosen);
      }),
    ];
  });
}

export interface InputStep extends Step {
  prompt: string;
  value: string;
  validate?: (value: string) => string | undefined;
}

export function inputStep(s: InputStep): Promise<string> {
  const box = vscode.window.createInputBox();
  box.prompt = s.prompt;
  box.value = s.value;
  return present<string>(box, s, (settle) => [
    box.onDidChangeValue((v) => { box.validationMessage = s.validate?.(v); }),
    box.onDidAccept(() => {
      const problem = s.validate?.(box.value);
      if (problem) box.validationMessage = problem;
      else settle.resolve(box.value);
    }),
  ]);
}
