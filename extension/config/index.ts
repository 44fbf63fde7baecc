// Public entry of the clouds.yaml engine (plain TypeScript, no vscode). See README.md in this
// folder for the contract; import from here, not from the modules behind it.
import { BUILTIN_PROFILES, profileRegionNames } from './profiles';
import { isDict } from './python';

export type { CloudConfig, CloudRegion, NetworkConfig } from './types';
export type { ConfigEnvironment, ConfigFileKind } from './discovery';
export { candidatePaths, searchDirectories } from './discovery';
export { loadCloudsConfig, buildLoadedConfig, MAX_CONFIG_BYTES, type LoadedConfig, type CloudDefinition, type FileText, type LoadOptions, type SourceFile } from './load';
export { resolveClouds, fetchRemoteProfilesAndResolve, pendingRemoteProfiles, locateInCloud, type ResolvedConfig, type ResolvedCloud, type ResolveOptions } from './resolve';
export { RemoteProfileCache, sharedRemoteProfiles, builtinProfileNames, wellKnownUrl, type FetchOptions } from './profiles';
export { diagnoseConfig, problemsOfCloud } from './diagnose';
export { tlsVerification, describeVerification, type TlsVerification } from './tls';
export { checkTlsFiles, type FileCheck } from './tlsFiles';
export type { WithheldSecrets, SecureSharing } from './secureSharing';
export { refusedProfileUrl, isPrivateAddress, guardedLookup } from './profileGuard';
export { validateCloudsDocument, SEMANTIC_CLOUD_LIMIT, type ValidationContext } from './validate/index';
export type { CatalogRegions } from './validate/catalogRegions';
export { catalogKey } from './catalogKey';
export { checkUrl, checkIp, checkCidr, checkHost, checkVersion, checkFormat } from './validate/formats';
export { planMoveSecretToSecureYaml, applyEdits, type MoveSecretPlan, type MoveSecretRequest, type TextEdit } from './secureMove';
export { buildCloudsJsonSchema, schemaCheckedCodes, CLOUDS_SCHEMA_FILE_NAMES } from './jsonSchema';
export { maskSecrets, redactText, isSecretKey, MASK } from './secrets';
export {
  CLOUD_KEYS,
  SERVICE_KEY_SUFFIXES,
  SERVICE_TYPES,
  SERVICE_PREFIXES,
  NETWORK_KEYS,
  REGION_KEYS,
  TOP_LEVEL_KEYS,
  CLIENT_KEYS,
  INTERFACES,
  isInterfaceKey,
  IP_SOURCES,
  IMAGE_FORMATS,
  cloudKeySpec,
  parseServiceKey,
  knownCloudKeyNames,
  acceptedTypes,
  type KeySpec,
  type ValueType,
  type ValueFormat,
  type ServiceType,
} from './keys';
export { AUTH_PLUGINS, authOptionNames, type AuthPlugin, type AuthOption } from './authPlugins';

export interface ProfileInfo {
  name: string;
  /** Region names the profile lists ([] when it has none or is remote). */
  regions: string[];
  authUrl: string | undefined;
  /** The profile only points at a well-known URL (fetched on demand). */
  remote: boolean;
}

/** The built-in vendor profiles with their regions, for completion and hover. */
export function profileCatalog(): ProfileInfo[] {
  return Object.entries(BUILTIN_PROFILES)
    .map(([name, p]) => ({
      name,
      regions: profileRegionNames(p),
      authUrl: isDict(p.auth) && typeof p.auth.auth_url === 'string' ? p.auth.auth_url : undefined,
      remote: typeof p.profile === 'string',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
