// Sessions for the CLI's targets, a password prompt on a terminal, and running one action on
// every target at once (one unreachable cloud never blocks the others).
import readline from 'node:readline';
import { Session } from '../openstack/session';
import { proxySettings } from '../openstack/http/proxySettings';
import { limitsFromEnv } from '../openstack/http/limits';
import type { CloudRegion } from '../openstack/cloudRegion';
import type { CliIo } from './main';
import { loadCloudRegions } from './cloudRegions';
import { selectTargets, targetLabel } from '../openstack/targets';
import { UsageError, all, one, type ParsedArgs } from './args';

export const COMMON_OPTIONS = ['cloud', 'clouds-file'] as const;

/** The cloud regions that --cloud names, from clouds.yaml; nothing is sent to any cloud. */
export async function targetRegions(args: ParsedArgs): Promise<CloudRegion[]> {
  const wanted = all(args, 'cloud');
  if (wanted.length === 0) throw new UsageError('give at least one --cloud NAME (repeatable)');
  const { file, regions, cloudNames, errors } = await loadCloudRegions(one(args, 'clouds-file'));
  if (!file && regions.length === 0) throw new UsageError('no clouds.yaml found (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)');
  const { targets, unknown } = selectTargets(regions, wanted);
  const broken = unknown.filter((u) => errors.has(u.split('/')[0]));
  if (broken.length) {
    const details = broken.flatMap((b) => errors.get(b.split('/')[0])!.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`));
    throw new UsageError(`cannot use ${broken.join(', ')}:\n${details.join('\n')}`);
  }
  if (unknown.length) throw new UsageError(`not in ${file ?? 'clouds.yaml'}: ${unknown.join(', ')} (clouds: ${cloudNames.join(', ')}; a region is NAME/REGION)`);
  return targets;
}

export async function targetSessions(args: ParsedArgs, io: CliIo): Promise<Session[]> {
  const targets = await targetRegions(args);
  const proxy = proxySettings();
  const log = process.env.OPENSTACK_CLOUDS_DEBUG ? (line: string) => io.err(`debug: ${line}\n`) : undefined;
  const limits = limitsFromEnv(process.env);
  return targets.map((r) => new Session(r, { proxy, log, limits, hooks: { askPassword: (s) => promptSecret(`Password for ${s.label}: `, io) } }));
}

function promptSecret(question: string, io: CliIo): Promise<string | undefined> {
  if (!process.stdin.isTTY) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void });
    io.err(question);
    write._writeToOutput = () => undefined; // no echo
    rl.question('', (answer) => {
      rl.close();
      io.err('\n');
      resolve(answer || undefined);
    });
  });
}

export interface TargetOutcome<T> {
  target: string;
  session: Session;
  value?: T;
  error?: Error;
}

export async function onEveryTarget<T>(sessions: Session[], action: (s: Session) => Promise<T>): Promise<TargetOutcome<T>[]> {
  return Promise.all(sessions.map(async (session) => {
    try {
      return { target: session.label, session, value: await action(session) };
    } catch (e) {
      return { target: session.label, session, error: e as Error };
    }
  }));
}

export async function closeAll(sessions: Session[]): Promise<void> {
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
}

export function label(r: CloudRegion): string {
  return targetLabel(r);
}
