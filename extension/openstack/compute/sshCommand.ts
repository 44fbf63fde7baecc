// The command "SSH in Terminal" runs, and what the terminal says before it: the command itself
// and what is missing for a login (no key pair known, a user guessed from nothing), so a
// newcomer sees why a login may fail instead of a terminal that just hangs or closes.

/** Seconds ssh waits for the TCP connection: an unreachable address fails soon, not after minutes. */
export const SSH_CONNECT_TIMEOUT_SECONDS = 10;

export interface SshLogin {
  /** The SSH client (the `openstack.ssh.path` setting). */
  ssh: string;
  user: string;
  address: string;
  /** The server's key pair, if it has one. */
  keyName?: string;
  /** Set when the user was guessed now and nothing hinted at it (`root` as the last resort). */
  userGuessedFromNothing?: boolean;
  /** The private key to offer (`-i`), from `openstackClouds.ssh.identityFile`. */
  identityFile?: string;
}

export interface SshInvocation {
  /** The arguments after the client, no shell in between. */
  args: string[];
  /** The lines the terminal shows before ssh starts. */
  notes: string[];
}

/** Control characters (ESC, CR, ...) never reach a terminal from a cloud's data. */
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** Quotes an argument for display the way a POSIX shell would read it back. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

export function sshInvocation(login: SshLogin): SshInvocation {
  const identity = login.identityFile ? ['-i', login.identityFile] : [];
  const args = ['-o', `ConnectTimeout=${SSH_CONNECT_TIMEOUT_SECONDS}`, ...identity, `${login.user}@${login.address}`];
  const notes = [`$ ${printable([login.ssh, ...args].map(shellWord).join(' '))}`];
  if (!login.keyName && !login.identityFile) {
    notes.push('No key pair is known for this server (booted without one): ssh offers your own keys (~/.ssh/id_*, ssh-agent), which the server may not accept.');
  }
  if (login.userGuessedFromNothing) {
    notes.push(`The user "${printable(login.user)}" is a guess from nothing: the image sets no os_admin_user, default_user or os_distro property. If the login is refused, find the user in the image's documentation.`);
  }
  return { args, notes };
}
