// Command dispatch of the CLI. Each command lives in its own module and returns an exit code.
import { UsageError } from './args';
import { LIST_KINDS } from './listKinds';
import { terminalText } from '../text/terminal';
import { DEFAULT_LIMITS } from '../openstack/http/limits';

declare const __PACKAGE_VERSION__: string;

type Command = (args: string[], io: CliIo, name: string) => Promise<number>;

const listCommand = async (): Promise<Command> => {
  const { runList } = await import('./listCommands');
  return (args, io, name) => runList(name, args, io);
};

// Each command's module is loaded when the command runs, so that a command loads only what it
// uses (`fetch` 0.36 of the bundle's 0.96 MB). Medians of 15 alternated runs here: `fetch --list`
// 134 -> 108 ms, `--version` 137 -> 101 ms.
const COMMANDS: Record<string, () => Promise<Command>> = {
  ...Object.fromEntries([...LIST_KINDS, 'list'].map((c) => [c, listCommand])),
  upload: async () => (await import('./uploadCommand')).runUpload,
  boot: async () => (await import('./bootCommand')).runBoot,
  delete: async () => (await import('./deleteCommand')).runDelete,
  fetch: async () => (await import('./fetchCommand')).runFetch,
  export: async () => (await import('./exportCommand')).runExport,
  'image-matrix': async () => (await import('./imageMatrixCommand')).runImageMatrix,
  copy: async () => (await import('./copyCommand')).runCopy,
};

export const VERSION = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export const HELP = `openstack-clouds ${VERSION}: OpenStack clouds from clouds.yaml, without VS Code

Usage: openstack-clouds <command> [options]

Commands:
  images|servers|flavors|networks|keypairs --cloud C [--cloud C2 ...] [--json]
                   list from every cloud at once
  list KIND [KIND ...] --cloud C [...] [--json]
                   several lists at once (e.g. list images servers), one login per cloud
  fetch REF [--arch A] [--mirror URL] [--keyring PATH|none] [--json]
                   an official cloud image (ubuntu:24.04, debian:12, fedora:41, cirros:0.6.2),
                   verified, into ~/.cache/openstack-clouds/images; prints its path last
                   (fetch --list: the sources; --mirror: a mirror with the official layout)
  upload FILE --cloud C [--cloud C2 ...] [--name N] [--disk-format F] [--no-convert]
                   upload one image file to every cloud (read once, converted per cloud)
  upload REF --cloud C [...] [--arch A] [--mirror URL]
                   fetch an official image (as fetch does) and upload it with os_distro,
                   os_version, architecture; compares each cloud's hash with the published one
  copy image NAME|ID --from CLOUD --cloud C [...] [--name N]
                   an image of one cloud onto others: read once through its Glance, streamed
                   to each with its formats and properties, hashes compared end to end
  image-matrix --cloud C [...] [--json]
                   which image is on which cloud: a row per image by what it is (the source's
                   sha256, else os_distro/os_version/architecture, else name), a column per cloud
  image-matrix sync REF --cloud C [...] [--mirror URL] [--name N]
                   upload REF (as upload REF does) to the clouds that have no copy of it
  image-matrix prune REF --keep N [--prefix P] [--yes] --cloud C [...]
                   our images of REF's distro/version older than the newest N and used by no
                   server: listed, and deleted with --yes
  boot NAME --cloud C [...] --image I --flavor F [--network N] [--key-name K] [--auto-ip]
                   boot a server on every cloud; prints each server's public IP
  boot NAME --count N [--parallel P] [--rate R] ...
                   a fleet NAME-1..N on every cloud, after a quota check that refuses
                   before anything is created; a failed server is deleted and tried once more;
                   at most P boots at a time and R requests a second per cloud
  delete server|image NAME --cloud C [...]
                   delete by name or id (a server's floating IPs that we created go too)
  delete server --prefix NAME- | --fleet NAME [--parallel P] [--rate R] --cloud C [...]
                   delete every server of a fleet (by name prefix or by its fleet tag)
  export upload FILE --cloud C [...] [--name N]
  export boot NAME --cloud C [...] --image I --flavor F [--network N] [--key-name K] [--count N] [--auto-ip]
              [--user-data FILE]
                   write the equivalent Ansible playbook to stdout (export --help)
  config           the clouds as openstacksdk resolves them, with every problem found
                   (config --help for its options)
  lint [--format text|json|sarif] FILE...
                   check clouds.yaml files and OpenStack Ansible playbooks (exit 1 on errors)
  --version        print the version
  --help           print this help

--cloud NAME is the cloud's first region; NAME/REGION picks a region, NAME/* all of them.
--clouds-file PATH reads that clouds.yaml instead of searching. Exit code 0 only when every
cloud succeeded.

Clouds are read from clouds.yaml as the openstack CLI reads it (OS_CLIENT_CONFIG_FILE,
./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).

Environment:
  OS_CLOUD, OS_REGION_NAME, OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE, OS_*
                   as openstacksdk reads them (OS_* auth variables make the cloud "envvars",
                   or $OS_CLOUD_NAME); OS_FORCE_IPV4, OS_PREFER_IPV6 as in its client section
  OPENSTACK_CLOUDS_FILE
                   the clouds.yaml to read, like --clouds-file
  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY
                   the proxy for https:// and http:// requests (clouds and image sources),
                   ALL_PROXY for either; NO_PROXY takes names, addresses, CIDR blocks
                   (10.0.0.0/8) and host:port; lower case too, and first (as openstacksdk)
  REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE
                   the CA bundle of a cloud without cacert, and of image sources, as for
                   openstacksdk; else the system's (/etc/ssl/certs/ca-certificates.crt...),
                   with NODE_EXTRA_CA_CERTS
  OPENSTACK_CLOUDS_ALLOW_PRIVATE_PROFILES
                   1: a remote vendor profile (profile: URL) may be fetched from a loopback,
                   link-local or private address, and over http there (refused by default)
  OPENSTACK_CLOUDS_MAX_PAGES, OPENSTACK_CLOUDS_MAX_ITEMS, OPENSTACK_CLOUDS_MAX_JSON_MIB
                   bounds on one listing and one JSON answer (defaults ${DEFAULT_LIMITS.maxPages} pages,
                   ${DEFAULT_LIMITS.maxItems} items, ${DEFAULT_LIMITS.maxJsonBytes / 1024 / 1024} MiB): a cloud that pages forever stops with an error
  XDG_CACHE_HOME   where fetched images and kept file hashes go (default ~/.cache/openstack-clouds)
  OPENSTACK_CLOUDS_NO_HASH_CACHE
                   set: file hashes are not kept between runs
  OPENSTACK_CLOUDS_DEBUG
                   set: each request is logged to stderr (method, URL, status; never a secret)
`;

/**
 * Everything a command prints passes here: names, descriptions, error bodies and console logs
 * come from clouds and workspace files, and reach the terminal with their control characters
 * escaped (extension/text/terminal.ts). Progress bars draw their own escapes on the stream.
 */
function terminalSafe(io: CliIo): CliIo {
  return { out: (t) => io.out(terminalText(t)), err: (t) => io.err(terminalText(t)) };
}

export async function runCli(args: string[], rawIo: CliIo = defaultIo): Promise<number> {
  const io = terminalSafe(rawIo);
  const [command, ...rest] = args;
  try {
    const load = COMMANDS[command ?? ''];
    if (load) return await (await load())(rest, io, command);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`openstack-clouds ${command}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'lint') return (await import('./lint')).runLint(args.slice(1), io);
  if (command === 'config') {
    const { CONFIG_HELP, runConfig } = await import('./config');
    if (args.includes('--help') || args.includes('-h')) {
      io.out(CONFIG_HELP);
      return 0;
    }
    return runConfig(args.slice(1), io);
  }
  io.err(`openstack-clouds: unknown command '${command}'\n\n${HELP}`);
  return 2;
}
