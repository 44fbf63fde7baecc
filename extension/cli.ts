// `openstack-clouds`: the headless face of the same core the extension uses.
import { runCli } from './cli/main';
import { terminalText } from './text/terminal';

// `openstack-clouds images | head`: a closed pipe ends the output quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(terminalText(`openstack-clouds: ${e instanceof Error ? e.message : String(e)}\n`));
    process.exitCode = 2;
  },
);
