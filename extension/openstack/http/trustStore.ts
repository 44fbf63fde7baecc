// Which CA bundle verifies a server when clouds.yaml names none: the one openstacksdk would use.
// keystoneauth hands requests `verify=True`, and requests then takes REQUESTS_CA_BUNDLE, else
// CURL_CA_BUNDLE (an empty value counts as unset), else certifi's bundle, which Debian's, Ubuntu's
// and Fedora's python3-certifi point at the system's bundle (curl's own default is that file too).
// So a private CA the system trusts (update-ca-certificates) is trusted here as by `openstack` and
// curl. Where Linux has none of these files, and on macOS and Windows, no bundle is chosen and
// Node's own copy of Mozilla's list applies, which is what a pip-installed certifi holds (in VS
// Code, the editor adds the system's certificates to it: `http.systemCertificates`). As Node's
// list is extended by NODE_EXTRA_CA_CERTS, so is the system's bundle that stands in for it here
// (a bundle named by a variable requests reads, or by clouds.yaml, is used alone, as requests does).
import fs from 'node:fs';

export interface DefaultCaBundle {
  /** A file or a directory of PEM certificates. */
  path: string;
  /** What chose it: a variable requests reads, or the distribution's bundle. */
  from: 'REQUESTS_CA_BUNDLE' | 'CURL_CA_BUNDLE' | 'system';
  /** NODE_EXTRA_CA_CERTS, with the system's bundle: a file of more CAs (skipped if unreadable, as by Node). */
  extra?: string;
}

/** The distributions' bundles, in the order Go's crypto/x509 looks for them on Linux. */
export const DISTRIBUTION_CA_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch, Gentoo (what Debian's certifi returns)
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7 and later
  '/etc/ssl/cert.pem', // Alpine
];

export function defaultCaBundle(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (file: string) => boolean = fs.existsSync,
): DefaultCaBundle | undefined {
  for (const from of ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'] as const) {
    const value = env[from];
    if (value) return { path: value, from };
  }
  if (platform !== 'linux') return undefined;
  const found = DISTRIBUTION_CA_BUNDLES.find((file) => exists(file));
  if (!found) return undefined;
  return { path: found, from: 'system', ...(env.NODE_EXTRA_CA_CERTS ? { extra: env.NODE_EXTRA_CA_CERTS } : {}) };
}
