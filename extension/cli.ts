// `openstack-clouds`: the headless face of the same core the extension uses.
import { runCli } from './cli/main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`openstack-clouds: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
