// `openstackClouds.ssh.user` and `openstackClouds.ssh.identityFile`: one value for every cloud
// (a string) or one per cloud (an object: cloud name → value, "*" for the others). Read here,
// checked here: a user name that is not one (say `-oProxyCommand=…`) would become an ssh option,
// so it is refused; an identity file's `~` is expanded (no shell expands it for us).
import path from 'node:path';

/** The value for this cloud: the string, else the cloud's own entry, else "*"; blank is none. */
export function perCloudValue(setting: unknown, cloud: string): string | undefined {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  if (typeof setting === 'string') return text(setting);
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return undefined;
  const byCloud = setting as Record<string, unknown>;
  return (Object.hasOwn(byCloud, cloud) ? text(byCloud[cloud]) : undefined) ?? (Object.hasOwn(byCloud, '*') ? text(byCloud['*']) : undefined);
}

/** The login names ssh and useradd accept (and no leading `-`). */
export function isLoginName(user: string): boolean {
  return /^[a-z_][a-z0-9_.-]*\$?$/i.test(user);
}

export interface SshSettings {
  /** From the setting, when it names a valid user. */
  user?: string;
  /** An absolute path (`~` expanded against `home`). */
  identityFile?: string;
  /** What was wrong with the settings (said in the log and the terminal, never fatal). */
  problems: string[];
}

export function sshSettingsFor(cloud: string, settings: { user?: unknown; identityFile?: unknown }, home: string): SshSettings {
  const problems: string[] = [];
  let user = perCloudValue(settings.user, cloud);
  if (user && !isLoginName(user)) {
    problems.push(`openstackClouds.ssh.user "${user.replace(/[^\x20-\x7e]/g, '?')}" is not a user name: ignored`);
    user = undefined;
  }
  let identityFile = perCloudValue(settings.identityFile, cloud);
  if (identityFile) {
    if (identityFile === '~' || identityFile.startsWith('~/')) identityFile = path.join(home, identityFile.slice(1));
    if (!path.isAbsolute(identityFile)) {
      problems.push(`openstackClouds.ssh.identityFile "${identityFile.replace(/[^\x20-\x7e]/g, '?')}" is not an absolute path (or ~/…): ignored`);
      identityFile = undefined;
    }
  }
  return { ...(user ? { user } : {}), ...(identityFile ? { identityFile } : {}), problems };
}
