// The files a cloud's TLS settings name (the CA bundle from `cacert` or a `verify` path, `cert`,
// `key`) must be readable before any of its requests is sent: one that is not fails that cloud
// only, with an error at the key that named it. openstacksdk finds out at the first request
// (requests' "Could not find a suitable TLS CA certificate bundle"); we say it where it was written.
// A separate step after resolveClouds, because resolution itself touches no file.
import fs from 'node:fs';
import type { Problem } from '../yaml/problem';
import type { ResolvedCloud, ResolvedConfig } from './resolve';
import { locateInCloud } from './resolve';
import { expandUser, isYamlBooleanWord, tlsVerification } from './tls';
import type { CloudRegion } from './types';

/** Why a file cannot be read (an errno code), or undefined when it can. */
export type FileCheck = (file: string) => string | undefined;

const canRead: FileCheck = (file) => {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    // A FIFO would block the read, a device never end it: a regular file, or a CA directory.
    const stat = fs.statSync(file);
    if (!stat.isFile() && !stat.isDirectory()) return 'not a regular file';
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'unreadable';
  }
};

interface TlsFile {
  key: 'cacert' | 'verify' | 'cert' | 'key';
  path: string;
  what: string;
}

function tlsFilesOf(region: CloudRegion, home: string | undefined): TlsFile[] {
  const files: TlsFile[] = [];
  const v = tlsVerification(region.config, home);
  if (v.verify && v.ca === 'file') files.push({ key: v.from, path: v.path, what: 'CA bundle' });
  const cert = typeof region.config.cert === 'string' && region.config.cert ? region.config.cert : undefined;
  if (cert) files.push({ key: 'cert', path: expandUser(cert, home), what: 'client certificate' });
  const key = region.config.key;
  if (cert && typeof key === 'string' && key) files.push({ key: 'key', path: expandUser(key, home), what: 'client key' });
  return files;
}

function message(cloud: string, file: TlsFile, reason: string): string {
  const quoted = file.key === 'verify' && isYamlBooleanWord(file.path)
    ? ` ("${file.path}" in quotes is a string, which openstacksdk reads as the path of a CA bundle; write ${file.key}: ${file.path.toLowerCase()} without quotes for a boolean)`
    : '';
  return `${cloud}: cannot read the ${file.what} ${file.path} named by ${file.key} (${reason}); no request is sent to this cloud${quoted}`;
}

function checkCloud(resolved: ResolvedConfig, cloud: ResolvedCloud, check: FileCheck): ResolvedCloud {
  const home = resolved.loaded.environment.home;
  const problems: Problem[] = [];
  const regions = cloud.regions.filter((region) => {
    for (const file of tlsFilesOf(region, home)) {
      const reason = check(file.path);
      if (!reason) continue;
      const text = message(cloud.name, file, reason);
      if (!problems.some((p) => p.message === text)) {
        const where = locateInCloud(resolved.loaded, cloud.definition, [[file.key]]);
        problems.push({ ...where, severity: 'error', code: 'tls-file-unreadable', message: text, data: { cloud: cloud.name, key: file.key, path: file.path } });
      }
      return false;
    }
    return true;
  });
  if (problems.length === 0) return cloud;
  return { ...cloud, regions, problems: [...cloud.problems, ...problems], status: regions.length ? cloud.status : 'error' };
}

/** The resolution with every region whose TLS files cannot be read taken out, and a located error per file. */
export function checkTlsFiles(resolved: ResolvedConfig, check: FileCheck = canRead): ResolvedConfig {
  const clouds = resolved.clouds.map((c) => checkCloud(resolved, c, check));
  if (clouds.every((c, i) => c === resolved.clouds[i])) return resolved;
  const added = clouds.flatMap((c, i) => c.problems.slice(resolved.clouds[i]!.problems.length));
  return { ...resolved, clouds, regions: clouds.flatMap((c) => c.regions), problems: [...resolved.problems, ...added] };
}
