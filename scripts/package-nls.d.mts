// Types of package-nls.mjs for the TypeScript tests.
export interface VisibleString { path: (string | number)[]; key: string; value: string }
export function userVisibleStrings(pkg: unknown): VisibleString[];
export function nlsProblems(pkg: unknown, nls: Record<string, unknown>): string[];
export function referencedKeys(pkg: unknown): Set<string>;
export function stringSpans(text: string): Map<string, [number, number]>;
export function moveLiteralsToNls(text: string, nls: Record<string, string>): { text: string; nls: Record<string, string> };
