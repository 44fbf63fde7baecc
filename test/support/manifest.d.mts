// Types of manifest.mjs for the TypeScript tests.
export interface WalkthroughStep { id: string; title: string; description: string; links: string[]; media: { markdown?: string; image?: string; altText?: string } }
export function commandLinks(text: string): string[];
export function knownCommands(pkg: unknown): Set<string>;
export function localized(value: string | undefined, nls: Record<string, string>): string | undefined;
export function walkthroughSteps(pkg: unknown, nls: Record<string, string>, id: string): WalkthroughStep[];
export function walkthroughProblems(pkg: unknown, nls: Record<string, string>, hasFile: (path: string) => boolean): string[];
