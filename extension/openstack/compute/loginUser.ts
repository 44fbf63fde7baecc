// Which user to log in as on a server, guessed from its image's properties: Glance's standard
// `os_admin_user`, then the `default_user` some clouds set, then the usual user of the distro's
// cloud images (`os_distro`, `os_version`), else root. The UI asks the user to confirm it once.

const DISTRO_USERS: Readonly<Record<string, string>> = {
  ubuntu: 'ubuntu',
  debian: 'debian',
  fedora: 'fedora',
  rhel: 'cloud-user',
  rocky: 'rocky',
  almalinux: 'almalinux',
  alma: 'almalinux',
  arch: 'arch',
  alpine: 'alpine',
  freebsd: 'freebsd',
  cirros: 'cirros',
  fcos: 'core',
  'fedora-coreos': 'core',
  coreos: 'core',
  flatcar: 'core',
  opensuse: 'opensuse',
};

export interface LoginUserGuess {
  user: string;
  /** Where the guess came from, to show next to it. */
  source: string;
  /** No property hinted at a user: `root` is only the last resort. */
  fromNothing?: boolean;
}

export function guessLoginUser(image: Readonly<Record<string, unknown>> | undefined): LoginUserGuess {
  const text = (key: string) => {
    const v = image?.[key];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const admin = text('os_admin_user');
  if (admin) return { user: admin, source: 'the image property os_admin_user' };
  const defaultUser = text('default_user');
  if (defaultUser) return { user: defaultUser, source: 'the image property default_user' };
  const distro = text('os_distro')?.toLowerCase();
  if (distro === 'centos') {
    // CentOS 7 images log in as centos; CentOS Stream 8 and later as cloud-user.
    const major = Number.parseInt(text('os_version') ?? '', 10);
    return { user: Number.isFinite(major) && major < 8 ? 'centos' : 'cloud-user', source: 'the image property os_distro (centos)' };
  }
  if (distro && DISTRO_USERS[distro]) return { user: DISTRO_USERS[distro], source: `the image property os_distro (${distro})` };
  return { user: 'root', source: image ? 'no hint in the image properties' : 'nothing (the image and its properties are unknown)', fromNothing: true };
}
