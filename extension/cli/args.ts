// A small argument parser: positionals, `--flag`, `--key value` / `--key=value`, repeatable keys.

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(args: string[], valued: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--') || arg === '--') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq > 0 ? eq : undefined);
    if (valued.includes(key)) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`--${key} needs a value`);
      parsed.options.set(key, [...(parsed.options.get(key) ?? []), value]);
    } else {
      if (eq > 0) throw new UsageError(`--${key} takes no value`);
      parsed.flags.add(key);
    }
  }
  return parsed;
}

export class UsageError extends Error {}

export function one(args: ParsedArgs, key: string): string | undefined {
  return args.options.get(key)?.at(-1);
}

export function all(args: ParsedArgs, key: string): string[] {
  return args.options.get(key) ?? [];
}

/** `--key N`: a whole number from 1 to 99999, or undefined when not given. */
export function positiveInt(args: ParsedArgs, key: string): number | undefined {
  const text = one(args, key);
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,4}$/.test(text)) throw new UsageError(`--${key} is a whole number from 1 to 99999, not '${text}'`);
  return Number(text);
}
