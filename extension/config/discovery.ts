// Where clouds.yaml, secure.yaml and clouds-public.yaml are looked for, in openstacksdk's order
// (spec §1.1, CFG-DISC-1..6). Pure: the environment and the file system are passed in.
import path from 'node:path';

export type ConfigFileKind = 'clouds' | 'secure' | 'clouds-public';

export interface ConfigEnvironment {
  /** The current directory; in VS Code, the first workspace folder. */
  cwd: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  platform: NodeJS.Platform;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The directories searched, in order (CFG-DISC-1). Duplicates are kept once. */
export function searchDirectories(e: ConfigEnvironment): string[] {
  const dirs: string[] = [];
  if (e.cwd) dirs.push(e.cwd);
  const home = e.env.SNAP_REAL_HOME || e.home;
  if (e.platform === 'darwin') {
    dirs.push(path.join(e.home, 'Library', 'Application Support', 'openstack'));
    dirs.push(path.join(home, '.config', 'openstack'));
    dirs.push('/Library/Application Support/openstack');
  } else if (e.platform === 'win32') {
    const local = e.env.LOCALAPPDATA || path.join(e.home, 'AppData', 'Local');
    dirs.push(path.join(local, 'OpenStack', 'openstack'));
    dirs.push(path.join(home, '.config', 'openstack'));
    dirs.push(path.join(e.env.PROGRAMDATA || 'C:\\ProgramData', 'OpenStack', 'openstack'));
  } else {
    const xdgConfig = e.env.XDG_CONFIG_HOME || path.join(e.home, '.config');
    dirs.push(path.join(xdgConfig, 'openstack'));
    dirs.push(path.join(home, '.config', 'openstack'));
    // appdirs (multipath) joins every XDG_CONFIG_DIRS entry + '/openstack' with ':' into ONE path,
    // which exists only when there is a single entry (the default /etc/xdg).
    const xdgDirs = e.env.XDG_CONFIG_DIRS ?? '/etc/xdg';
    dirs.push(xdgDirs.split(':').map((d) => `${d.replace(/\/+$/, '')}/openstack`).join(':'));
  }
  dirs.push(e.platform === 'win32' ? '\\etc\\openstack' : '/etc/openstack');
  return [...new Set(dirs)];
}

const ENV_OVERRIDE: Partial<Record<ConfigFileKind, string>> = {
  clouds: 'OS_CLIENT_CONFIG_FILE',
  secure: 'OS_CLIENT_SECURE_FILE',
};

/**
 * Every path that could hold a file of this kind, in the order openstacksdk tries them
 * (directory-major: `./clouds.json` beats `~/.config/openstack/clouds.yaml`).
 * `override` (the `openstack.cloudsFile` setting) replaces the search for the clouds file.
 */
export function candidatePaths(kind: ConfigFileKind, e: ConfigEnvironment, override?: string): string[] {
  if (kind === 'clouds' && override) return [override];
  const paths: string[] = [];
  const fromEnv = ENV_OVERRIDE[kind] ? e.env[ENV_OVERRIDE[kind]!] : undefined;
  if (fromEnv) paths.push(fromEnv);
  for (const dir of searchDirectories(e)) {
    for (const ext of EXTENSIONS) paths.push(path.join(dir, kind + ext));
  }
  return paths;
}
