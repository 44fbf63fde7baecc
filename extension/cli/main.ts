// Command dispatch of the CLI. Each command lives in its own module and returns an exit code.
import { CONFIG_HELP, runConfig } from './config';
import { runLint } from './lint';

declare const __PACKAGE_VERSION__: string;

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
  config           the clouds as openstacksdk resolves them, with every problem found
                   (config --help for its options)
  lint [--format text|json|sarif] FILE...
                   check clouds.yaml files and OpenStack Ansible playbooks (exit 1 on errors)
  --version        print the version
  --help           print this help

Clouds are read from clouds.yaml as the openstack CLI reads it (OS_CLIENT_CONFIG_FILE,
./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).
`;

export async function runCli(args: string[], io: CliIo = defaultIo): Promise<number> {
  const [command] = args;
  if (command === '--version' || command === '-V' || command === 'version') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return 0;
  }
  if (command === 'lint') return runLint(args.slice(1), io);
  if (command === 'config') {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(CONFIG_HELP);
      return 0;
    }
    return runConfig(args.slice(1), io);
  }
  io.err(`openstack-clouds: unknown command '${command}'\n\n${HELP}`);
  return 2;
}
