// What a multi-cloud picker offers: the names found on the chosen clouds, those on every cloud
// first, each with the clouds that lack it. No `vscode` here (unit-tested).

export interface Choice<T> {
  name: string;
  /** Targets that do not have it. */
  missingOn: string[];
  /** The item as the first target that has it lists it (for its description). */
  sample: T;
}

export function commonChoices<T>(lists: readonly { target: string; items: readonly T[] }[], nameOf: (item: T) => string | undefined, order?: (a: T, b: T) => number): Choice<T>[] {
  const found = new Map<string, { sample: T; on: Set<string> }>();
  for (const { target, items } of lists) {
    for (const item of items) {
      const name = nameOf(item);
      if (!name) continue;
      const entry = found.get(name) ?? { sample: item, on: new Set<string>() };
      entry.on.add(target);
      found.set(name, entry);
    }
  }
  const choices = [...found].map(([name, e]) => ({ name, sample: e.sample, missingOn: lists.map((l) => l.target).filter((t) => !e.on.has(t)) }));
  return choices.sort((a, b) => a.missingOn.length - b.missingOn.length || (order ? order(a.sample, b.sample) : 0) || a.name.localeCompare(b.name));
}
