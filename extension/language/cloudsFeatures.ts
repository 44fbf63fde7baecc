// Completion and hover for clouds.yaml, secure.yaml and clouds-public.yaml, from the config
// engine's tables (keys, auth plugins, vendor profiles): keys by position, profiles, auth
// types and their options, interfaces and regions.
import { AUTH_PLUGINS, CLIENT_KEYS, CLOUD_KEYS, NETWORK_KEYS, REGION_KEYS, TOP_LEVEL_KEYS, cloudKeySpec, knownCloudKeyNames, profileCatalog, type KeySpec } from '../config/index';
import type { CompletionEntry, HoverInfo } from './editorFeatures';
import type { LiveResources } from './liveResources';
import { yamlString } from '../yaml/emit';
import { keyAt, yamlContextAt, type YamlContext } from './yamlContext';

type Place = 'top' | 'cloud' | 'auth' | 'client' | 'network' | 'region' | 'other';

/** The mapping the cursor is in, from the keys above it: clouds.<name>.auth, clouds.<name>, ... */
function placeOf(yc: YamlContext): { place: Place; cloudLine?: number; cloud?: string } {
  const keys = yc.chain.map((f) => f.key);
  const top = keys.length ? keys[keys.length - 1] : undefined;
  if (yc.chain.length === 0) return { place: 'top' };
  const cloudsKey = top === 'clouds' || top === 'public-clouds';
  if (top === 'client' && yc.chain.length === 1) return { place: 'client' };
  if (!cloudsKey) return { place: 'other' };
  const depth = yc.chain.length; // clouds → <name> → ...
  const cloud = yc.chain[depth - 2];
  if (depth === 2) return { place: 'cloud', cloudLine: cloud?.line, cloud: cloud?.key };
  if (depth === 3 && keys[0] === 'auth') return { place: 'auth', cloudLine: cloud?.line };
  if (depth === 4 && keys[0] === undefined && keys[1] === 'networks') return { place: 'network', cloudLine: cloud?.line };
  if (depth === 4 && keys[0] === undefined && keys[1] === 'regions') return { place: 'region', cloudLine: cloud?.line, cloud: cloud?.key };
  return { place: 'other', cloudLine: cloud?.line };
}

/** The value of `key` written directly in the cloud's block (e.g. its auth_type or profile). */
function cloudValue(lines: readonly string[], cloudLine: number | undefined, key: string): string | undefined {
  if (cloudLine === undefined) return undefined;
  const indent = /^\s*/.exec(lines[cloudLine]!)![0].length;
  for (let l = cloudLine + 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (/^\s*/.exec(line)![0].length <= indent) break;
    const m = new RegExp(`^\\s*${key}:\\s*["']?([^"'#\\s]+)`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Region names listed in the cloud's `regions:` (names or `- name: x` entries). */
function cloudRegions(lines: readonly string[], cloudLine: number | undefined): string[] {
  if (cloudLine === undefined) return [];
  const indent = /^\s*/.exec(lines[cloudLine]!)![0].length;
  const names: string[] = [];
  let inRegions = -1;
  for (let l = cloudLine + 1; l < lines.length; l++) {
    const line = lines[l]!;
    const own = /^\s*/.exec(line)![0].length;
    if (line.trim() === '') continue;
    if (own <= indent) break;
    if (/^\s*regions:\s*$/.test(line)) inRegions = own;
    else if (inRegions >= 0 && own <= inRegions && !line.trimStart().startsWith('-')) inRegions = -1;
    else if (inRegions >= 0) {
      const m = /^\s*-\s*(?:name:\s*)?["']?([^"'#:\s]+)["']?\s*$/.exec(line) ?? /^\s*-\s*name:\s*["']?([^"'#\s]+)/.exec(line);
      if (m) names.push(m[1]!);
    }
  }
  return names;
}

function keyEntries(specs: readonly KeySpec[], present: ReadonlySet<string>, range: { start: number; end: number }, extra: readonly string[] = []): CompletionEntry[] {
  const seen = new Set<string>();
  const entries: CompletionEntry[] = [];
  for (const spec of specs) {
    if (present.has(spec.name) || spec.ignored) continue;
    seen.add(spec.name);
    entries.push({ label: spec.name, kind: 'option', detail: spec.types.join(' | ') + (spec.deprecated ? ` (deprecated: ${spec.deprecated})` : '') + (spec.extension ? ' (OpenStack Clouds)' : ''), documentation: spec.description, insertText: `${spec.name}: `, sortText: `${spec.deprecated ? '9' : '1'}_${spec.name}`, ...range });
  }
  for (const name of extra) {
    if (present.has(name) || seen.has(name)) continue;
    entries.push({ label: name, kind: 'option', detail: cloudKeySpec(name)?.types.join(' | '), documentation: cloudKeySpec(name)?.description, insertText: `${name}: `, sortText: `5_${name}`, ...range });
  }
  return entries;
}

function authPluginOf(lines: readonly string[], cloudLine: number | undefined) {
  return AUTH_PLUGINS[(cloudValue(lines, cloudLine, 'auth_type') ?? 'password').replace(/-/g, '_')];
}

/** `live`: the regions of the catalogs the explorer's tokens brought are offered for region names. */
export function completeClouds(text: string, offset: number, live?: LiveResources): CompletionEntry[] {
  const yc = yamlContextAt(text, offset);
  if (!yc) return [];
  const lines = text.split('\n');
  const { place, cloudLine, cloud } = placeOf(yc);
  const range = { start: yc.position.start, end: offset };
  const present = new Set(yc.siblings);
  if (yc.position.kind === 'key') {
    switch (place) {
      case 'top':
        return keyEntries(TOP_LEVEL_KEYS, present, range);
      case 'client':
        return keyEntries(CLIENT_KEYS, present, range);
      case 'cloud':
        return keyEntries(CLOUD_KEYS, present, range, knownCloudKeyNames());
      case 'network':
        return keyEntries(NETWORK_KEYS, present, range);
      case 'region':
        return keyEntries(REGION_KEYS, present, range);
      case 'auth': {
        const plugin = authPluginOf(lines, cloudLine);
        return (plugin?.options ?? [])
          .filter((o) => !present.has(o.name))
          .map((o) => ({ label: o.name, kind: 'option' as const, detail: `${plugin!.name}${o.required ? ' (required)' : ''}${o.secret ? ' (secret: better in secure.yaml)' : ''}`, documentation: o.help, insertText: `${o.name}: `, sortText: `${o.required ? '0' : '1'}_${o.name}`, ...range }));
      }
      default:
        return [];
    }
  }
  const key = yc.position.key;
  const values = (items: readonly string[], detail: string, kind: CompletionEntry['kind'] = 'value') => items.map((v, i) => ({ label: v, kind, detail, insertText: v, sortText: String(i).padStart(4, '0'), ...range }));
  if (place === 'cloud' || place === 'region') {
    if (key === 'profile' || key === 'cloud') return values(profileCatalog().map((p) => p.name), 'vendor profile');
    if (key === 'auth_type') return values(Object.keys(AUTH_PLUGINS).sort(), 'keystoneauth plugin');
    const fromCatalog = (cloud !== undefined && live?.catalogRegionsOfCloud?.(cloud)) || [];
    // A catalog is the cloud's text: each region is inserted as a scalar that reads back as its name.
    const catalogEntries = () => values(fromCatalog, 'region in the cloud\'s catalog').map((e) => ({ ...e, insertText: yamlString(e.label) }));
    if (key === 'region_name') {
      const profile = cloudValue(lines, cloudLine, 'profile');
      const fromProfile = profile ? profileCatalog().find((p) => p.name === profile)?.regions ?? [] : [];
      const written = [...cloudRegions(lines, cloudLine), ...fromProfile].filter((r) => !fromCatalog.includes(r));
      return [...catalogEntries(), ...values(written, 'region').map((e) => ({ ...e, sortText: `1${e.sortText}` }))];
    }
    if (place === 'region' && key === 'name') return catalogEntries();
    const spec = cloudKeySpec(key);
    if (spec?.values || spec?.suggestions) return values(spec.values ?? spec.suggestions ?? [], key);
    if (spec?.types.includes('boolean')) return values(['true', 'false'], key);
  }
  return [];
}

export function hoverClouds(text: string, offset: number): HoverInfo | undefined {
  const at = keyAt(text, offset, /[\w.\-]/);
  if (!at) return undefined;
  const { key, start, end } = at;
  const yc = yamlContextAt(text, start);
  if (!yc) return undefined;
  const { place, cloudLine } = placeOf(yc);
  const table: Partial<Record<Place, readonly KeySpec[]>> = { top: TOP_LEVEL_KEYS, client: CLIENT_KEYS, network: NETWORK_KEYS, region: REGION_KEYS };
  let spec = place === 'cloud' ? cloudKeySpec(key) : table[place]?.find((k) => k.name === key);
  if (place === 'auth') {
    const plugin = authPluginOf(text.split('\n'), cloudLine);
    const option = plugin?.options.find((o) => o.name === key || o.deprecated.includes(key));
    if (option) spec = { name: option.name, types: ['string'], description: `${option.help}${option.required ? ' (required)' : ''}. Option of the \`${plugin!.name}\` auth plugin.` };
  }
  if (!spec) return undefined;
  const lines = [`**${spec.name}**: ${spec.types.join(' | ')}`, '', spec.description];
  if (spec.values) lines.push('', `One of: ${spec.values.map((v) => `\`${v}\``).join(', ')}`);
  if (spec.default !== undefined) lines.push('', `Default: \`${JSON.stringify(spec.default)}\``);
  if (spec.deprecated) lines.push('', `Deprecated: use ${spec.deprecated}`);
  if (spec.ignored) lines.push('', `Ignored: ${spec.ignored}`);
  return { markdown: lines.join('\n'), start, end };
}
