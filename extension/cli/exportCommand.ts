// `export upload FILE --cloud ...` / `export boot NAME --cloud ... --image I --flavor F`: the
// playbook that does what the same `upload` / `boot` would, on stdout. Reads clouds.yaml only to
// check the cloud names; sends nothing to any cloud and writes no credential.
import fs from 'node:fs';
import path from 'node:path';
import { exportBootPlaybook, exportUploadPlaybook, type CollectionVersion } from '../ansible/exportPlaybook';
import { CollectionTargetCache, majorOfRequirement } from '../language/collectionVersion';
import { diskSnapshot } from '../language/roleCollections';
import { detectFormat } from '../openstack/images/diskFormat';
import { UsageError, all, one, parseArgs, positiveInt, type ParsedArgs } from './args';
import { COMMON_OPTIONS, targetRegions } from './session';
import type { CloudRegion } from '../openstack/cloudRegion';
import { imageNameOf } from './uploadCommand';
import { VERSION, type CliIo } from './main';

export const EXPORT_HELP = `Usage:
  openstack-clouds export upload FILE --cloud C [...] [--name N] [--disk-format F] [--visibility V]
  openstack-clouds export boot NAME --cloud C [...] --image I --flavor F [--network N ...]
                   [--key-name K] [--count N] [--auto-ip] [--security-group G ...]
                   [--user-data FILE]   (read by the play when it runs, not copied into it)
  both also take --collection-version VERSION (1.x or 2.x of openstack.cloud)

Writes the equivalent Ansible playbook to stdout. It loops over the given clouds (override with
-e clouds=C1,C2) and removes what it made with -e state=absent. Only cloud names are written;
credentials stay in clouds.yaml. The openstack.cloud version is chosen as \`lint\` chooses it:
--collection-version, else the pin of a requirements.yml / collections/requirements.yml /
galaxy.yml in the current folder or above, else the newest 2.x.
`;

/** The collection version to write for, and why (said on stderr when it is not the default). */
function targetVersion(args: ParsedArgs, io: CliIo): CollectionVersion {
  const given = one(args, 'collection-version');
  if (given !== undefined && majorOfRequirement(given) === undefined) throw new UsageError(`--collection-version must name a 1.x or 2.x version (e.g. 1.10.0, 2), not '${given}'`);
  const target = new CollectionTargetCache(diskSnapshot, () => given).of(path.join(process.cwd(), 'exported.yml'));
  if (target.major === 1 || given !== undefined) io.err(`note: written for openstack.cloud ${target.major}.x (from ${target.source})\n`);
  return target.major === 1 ? '1' : '2';
}

/** The clouds as the playbook names them: whole clouds, each in its default region. */
async function chosenClouds(args: ParsedArgs): Promise<{ names: string[]; regions: CloudRegion[] }> {
  const regional = all(args, 'cloud').filter((c) => c.includes('/'));
  if (regional.length) throw new UsageError(`a playbook uses each cloud's default region; give the cloud without /REGION: ${regional.join(', ')}`);
  const regions = await targetRegions(args);
  return { names: [...new Set(regions.map((r) => r.name))], regions };
}

async function exportUpload(args: ParsedArgs, io: CliIo): Promise<string> {
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('give exactly one image FILE');
  const { names: clouds, regions } = await chosenClouds(args);
  const absolute = path.resolve(file);
  let diskFormat = one(args, 'disk-format');
  if (!diskFormat) {
    try {
      diskFormat = await detectFormat(absolute);
    } catch (e) {
      throw new UsageError(`cannot read ${file} to find its disk format (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give --disk-format`);
    }
  }
  const wanting = regions.filter((r) => r.config.image_format && r.config.image_format !== diskFormat);
  for (const r of wanting) io.err(`warning: ${r.name} wants ${String(r.config.image_format)} images; the playbook uploads ${diskFormat} as is (Ansible does not convert)\n`);
  return exportUploadPlaybook({
    clouds, file: absolute, name: one(args, 'name') ?? imageNameOf(file), diskFormat,
    containerFormat: one(args, 'container-format'), visibility: one(args, 'visibility'), generator: `openstack-clouds ${VERSION}`,
    collectionVersion: targetVersion(args, io),
  });
}

/** `--user-data FILE`: the play reads it when it runs; it must exist now (a typo is caught here, not mid-play). */
function userDataFileOf(args: ParsedArgs): string | undefined {
  const file = one(args, 'user-data');
  if (file === undefined) return undefined;
  const absolute = path.resolve(file);
  if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`--user-data ${file}: no such file`);
  return absolute;
}

async function exportBoot(args: ParsedArgs, io: CliIo): Promise<string> {
  const [name] = args.positionals;
  if (!name || args.positionals.length > 1) throw new UsageError('give exactly one server NAME');
  const image = one(args, 'image');
  const flavor = one(args, 'flavor');
  if (!image || !flavor) throw new UsageError('--image and --flavor are required');
  const networks = all(args, 'network');
  if (!networks.length) io.err('note: no --network: nova picks the network, and refuses where a project sees several\n');
  const groups = all(args, 'security-group');
  return exportBootPlaybook({
    clouds: (await chosenClouds(args)).names, name, image, flavor, networks,
    keyName: one(args, 'key-name'), count: positiveInt(args, 'count'), autoIp: args.flags.has('auto-ip'),
    securityGroups: groups.length ? groups : undefined, userDataFile: userDataFileOf(args), generator: `openstack-clouds ${VERSION}`,
    collectionVersion: targetVersion(args, io),
  });
}

export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    io.out(EXPORT_HELP);
    return 0;
  }
  const valued = ['collection-version', ...(what === 'upload' ? ['name', 'disk-format', 'container-format', 'visibility'] : ['image', 'flavor', 'network', 'key-name', 'count', 'security-group', 'user-data'])];
  if (what !== 'upload' && what !== 'boot') throw new UsageError(`export upload|boot, not '${what}'\n\n${EXPORT_HELP}`);
  const args = parseArgs(rest, [...COMMON_OPTIONS, ...valued]);
  const unknown = [...args.flags].filter((f) => !(what === 'boot' && f === 'auto-ip'));
  if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
  io.out(what === 'upload' ? await exportUpload(args, io) : await exportBoot(args, io));
  return 0;
}
