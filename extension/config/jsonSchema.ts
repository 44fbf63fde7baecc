// JSON Schema of clouds.yaml / secure.yaml / clouds-public.yaml, generated from the key tables
// (keys.ts) and the auth plugin options, for a `yamlValidation` contribution. It describes and
// completes; it never rejects what openstacksdk accepts (unknown keys stay allowed: our
// validator warns about them with a suggestion). scripts/gen-clouds-schema.mjs writes
// schemas/clouds.schema.json; a unit test keeps the file equal to this function's output.
// Generating it also yields the codes of the validator's problems that the schema reports too
// (a key's type or allowed values), so the editor can leave those to the YAML extension.
import { AUTH_PLUGINS } from './authPlugins';
import { acceptedTypes, CLIENT_KEYS, CLOUD_KEYS, enumCode, INTERFACE_PATTERN, isInterfaceKey, NETWORK_KEYS, REGION_KEYS, SERVICE_KEY_SUFFIXES, SERVICE_PREFIXES, TOP_LEVEL_KEYS, type KeySpec } from './keys';
import { builtinProfileNames } from './profiles';

type Schema = Record<string, unknown>;

/** The file names package.json's `yamlValidation` gives this schema (a unit test keeps them equal). */
export const CLOUDS_SCHEMA_FILE_NAMES: readonly string[] = ['clouds.yaml', 'clouds.yml', 'secure.yaml', 'secure.yml', 'clouds-public.yaml', 'clouds-public.yml'];

function describe(spec: KeySpec): string {
  const notes = [spec.deprecated ? `Deprecated: use ${spec.deprecated}.` : '', spec.ignored ? `Ignored: ${spec.ignored}.` : ''].filter(Boolean);
  return [spec.description, ...notes].join(' ');
}

/** The schema of one key; `codes` collects the validator's codes of what it constrains. */
export function keySchema(spec: KeySpec, codes?: Set<string>): Schema {
  const schema: Schema = { description: describe(spec) };
  const types = acceptedTypes(spec);
  // Values openstacksdk also takes without failing are offered, not enforced (the validator warns).
  const enforced = spec.values && !spec.otherValues ? spec.values : undefined;
  // An interface is accepted with trailing U/R/L letters too (`publicURL`): a pattern, not an enum.
  const oneValue: Schema | undefined = !enforced ? undefined : isInterfaceKey(spec.name) ? { type: 'string', pattern: INTERFACE_PATTERN, examples: enforced } : { type: 'string', enum: enforced };
  if (oneValue && spec.types.includes('array')) {
    schema.anyOf = [oneValue, { type: 'array', items: oneValue }];
  } else if (oneValue) {
    Object.assign(schema, oneValue);
  } else {
    schema.type = types.length === 1 ? types[0] : types;
  }
  codes?.add('invalid-type');
  if (enforced) codes?.add(enumCode(spec));
  if (spec.suggestions ?? spec.otherValues) schema.examples = spec.suggestions ?? spec.values;
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.deprecated || spec.ignored) schema.deprecated = true;
  return schema;
}

function properties(specs: readonly KeySpec[], codes: Set<string>): Schema {
  return Object.fromEntries(specs.map((s) => [s.name, keySchema(s, codes)]));
}

/**
 * The same keys under the spellings with `-` for `_` that openstacksdk also accepts (the
 * validator checks them too); only spellings with a dash, so a key is never checked twice.
 */
function dashSpellings(specs: readonly KeySpec[], codes: Set<string>): Schema {
  return Object.fromEntries(specs.filter((s) => s.name.includes('_')).map((s) => [`^(?=.*-)${s.name.split('_').join('[_-]')}$`, keySchema(s, codes)]));
}

/** Every auth option of every plugin, described by the first plugin's help. */
function authSchema(): Schema {
  const props: Record<string, Schema> = {};
  for (const plugin of Object.values(AUTH_PLUGINS)) {
    for (const o of plugin.options) {
      props[o.dest] ??= { type: 'string', description: `${o.help}${o.secret ? ' (a secret: keep it in secure.yaml)' : ''}` };
      for (const d of o.deprecated) props[d] ??= { type: 'string', description: `Old name of ${o.dest}.`, deprecated: true };
    }
  }
  props.auth_url = { type: 'string', description: 'Identity (Keystone) endpoint, e.g. https://keystone.example.com:5000/v3. `{region_name}` is expanded.' };
  props.auth_methods = { type: 'array', items: { type: 'string', enum: Object.keys(AUTH_PLUGINS) }, description: 'v3multifactor: the plugins to combine (a YAML list).' };
  return { type: 'object', description: 'Options of the auth plugin chosen by auth_type.', properties: Object.fromEntries(Object.entries(props).sort(([a], [b]) => a.localeCompare(b))), additionalProperties: true };
}

function cloudSchema(codes: Set<string>): Schema {
  const props: Record<string, Schema> = properties(CLOUD_KEYS, codes) as Record<string, Schema>;
  props.auth = authSchema();
  props.auth_type = { ...props.auth_type, examples: [...Object.keys(AUTH_PLUGINS), 'token_endpoint'] };
  props.profile = { ...props.profile, examples: builtinProfileNames() };
  // A region is a name or {name, values}; openstacksdk rejects anything else (V-3).
  const region = { type: 'object', required: ['name'], additionalProperties: false, properties: { ...properties(REGION_KEYS, codes), values: { $ref: '#/definitions/cloud' } } };
  codes.add('V-3');
  props.regions = { ...props.regions, items: { anyOf: [{ type: 'string' }, region] } };
  props.networks = { ...props.networks, items: { type: 'object', required: ['name'], properties: properties(NETWORK_KEYS, codes) } };
  const prefixes = `(${SERVICE_PREFIXES.join('|').replace(/_/g, '[_-]')})`;
  const serviceKeys = SERVICE_KEY_SUFFIXES.map((s) => {
    const schema = keySchema(s, codes);
    return [`^${prefixes}[_-]${s.name.split('_').join('[_-]')}$`, { ...schema, description: `<service>_${s.name}: ${schema.description as string}` }];
  });
  return {
    type: 'object',
    properties: props,
    patternProperties: {
      ...dashSpellings(CLOUD_KEYS, codes),
      // Per-service settings: <service>_<setting>, service types and aliases of os-service-types.
      ...Object.fromEntries(serviceKeys),
      [`^has[_-]${prefixes}$`]: { type: 'boolean', description: 'Whether the cloud offers this service (false disables it).' },
    },
    additionalProperties: true,
  };
}

function generate(): { schema: Schema; codes: Set<string> } {
  const codes = new Set<string>();
  const top = properties(TOP_LEVEL_KEYS, codes) as Record<string, Schema>;
  top.clouds = { ...top.clouds, additionalProperties: { $ref: '#/definitions/cloud' } };
  top.client = { ...top.client, properties: properties(CLIENT_KEYS, codes), patternProperties: dashSpellings(CLIENT_KEYS, codes) };
  top['public-clouds'] = { type: 'object', description: 'clouds-public.yaml: vendor profiles by name (each with the keys of a cloud).', additionalProperties: { $ref: '#/definitions/cloud' } };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://openstack-clouds.invalid/schemas/clouds.schema.json',
    title: 'OpenStack clouds.yaml / secure.yaml / clouds-public.yaml (openstacksdk 0.101)',
    type: 'object',
    properties: top,
    additionalProperties: true,
    definitions: { cloud: cloudSchema(codes) },
  };
  return { schema, codes };
}

export function buildCloudsJsonSchema(): Schema {
  return generate().schema;
}

let checkedCodes: ReadonlySet<string> | undefined;

/**
 * Codes of the validator's problems that the schema reports as well: the type and allowed values
 * of every key it describes, the shape of a region. Collected while the schema is generated, so
 * the list follows the tables (an editor with a YAML extension serving the schema shows those once).
 */
export function schemaCheckedCodes(): ReadonlySet<string> {
  return (checkedCodes ??= generate().codes);
}
