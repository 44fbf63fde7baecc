// The rows of a boot wizard picker: the names every chosen cloud has, then (under a separator)
// those some lack, each saying where it is missing.
import * as vscode from 'vscode';
import type { Choice } from './commonChoices';

export type ChoiceItem = vscode.QuickPickItem & { value?: string };

export function choiceItems<T>(choices: Choice<T>[], describe: (item: T) => string, current?: string): ChoiceItem[] {
  const items: ChoiceItem[] = [];
  const all = choices.filter((c) => !c.missingOn.length);
  const some = choices.filter((c) => c.missingOn.length);
  for (const c of all) items.push({ label: c.name, description: describe(c.sample), value: c.name, picked: c.name === current });
  if (some.length) items.push({ label: 'Not on every chosen cloud (booting there fails)', kind: vscode.QuickPickItemKind.Separator });
  for (const c of some) items.push({ label: c.name, description: describe(c.sample), detail: `not on ${c.missingOn.join(', ')}`, value: c.name, picked: c.name === current });
  return items;
}
