// JSON Schema of clouds.yaml / secure.yaml / clouds-public.yaml, generated from the key tables
// (keys.ts) and the auth plugin options, for a `yamlValidation` contribution. It describes and
// completes; it never rejects what openstacksdk accepts (unknown keys stay allowed: our
// validator warns about them with a suggestion). scripts/gen-clouds-schema.mjs writes
// schemas/clouds.schema.json; a unit test keeps the file equal to this function's output.
import { AUTH_PLUGINS } from './authPlugins';
import { CLIENT_KEYS, CLOUD_KEYS, NETWORK_KEYS, SERVICE_KEY_SUFFIXES, SERVICE_PREFIXES, TOP_LEVEL_KEYS, type KeySpec, type ValueType } from './keys';
import { builtinProfileNames } from './profiles';

type Schema = Record<string, unknown>;

/** The JSON Schema types accepting what our validator accepts for these types (numbers fit strings). */
export function jsonTypes(types: readonly ValueType[]): ValueType[] {
  const out = new Set(types);
  if (out.has('string')) {
    out.add('integer');
    out.add('number');
  }
  return [...out];
}

function describe(spec: KeySpec): string {
  const notes = [spec.deprecated ? `Deprecated: use ${spec.deprecated}.` : '', spec.ignored ? `Ignored: ${spec.ignored}.` : ''].filter(Boolean);
  return [spec.description, ...notes].join(' ');
}

export function keySchema(spec: KeySpec): Schema {
  const schema: Schema = { description: describe(spec) };
  const types = jsonTypes(spec.types);
  if (spec.values && spec.types.includes('array')) {
    schema.anyOf = [{ type: 'string', enum: spec.values }, { type: 'array', items: { type: 'string', enum: spec.values } }];
  } else if (spec.values) {
    schema.type = 'string';
    schema.enum = spec.values;
  } else {
    schema.type = types.length === 1 ? types[0] : types;
  }
  if (spec.suggestions) schema.examples = spec.suggestions;
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.deprecated || spec.ignored) schema.deprecated = true;
  return schema;
}

function properties(specs: readonly KeySpec[]): Schema {
  return Object.fromEntries(specs.map((s) => [s.name, keySchema(s)]));
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

function cloudSchema(): Schema {
  const props: Record<string, Schema> = properties(CLOUD_KEYS) as Record<string, Schema>;
  props.auth = authSchema();
  props.auth_type = { ...props.auth_type, examples: [...Object.keys(AUTH_PLUGINS), 'token_endpoint'] };
  props.profile = { ...props.profile, examples: builtinProfileNames() };
  props.regions = {
    ...props.regions,
    items: {
      anyOf: [
        { type: 'string' },
        { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string' }, values: { $ref: '#/definitions/cloud' } } },
      ],
    },
  };
  props.networks = { ...props.networks, items: { type: 'object', required: ['name'], properties: properties(NETWORK_KEYS) } };
  const prefixes = SERVICE_PREFIXES.join('|');
  const suffixes = SERVICE_KEY_SUFFIXES.map((s) => s.name).join('|');
  return {
    type: 'object',
    properties: props,
    patternProperties: {
      [`^(${prefixes})[_-](${suffixes.replace(/_/g, '[_-]')})$`]: { description: 'Per-service setting: <service>_<setting> (service types and aliases of os-service-types).' },
      [`^has[_-](${prefixes})$`]: { type: 'boolean', description: 'Whether the cloud offers this service (false disables it).' },
    },
    additionalProperties: true,
  };
}

export function buildCloudsJsonSchema(): Schema {
  const top = properties(TOP_LEVEL_KEYS) as Record<string, Schema>;
  top.clouds = { ...top.clouds, additionalProperties: { $ref: '#/definitions/cloud' } };
  top.client = { ...top.client, properties: properties(CLIENT_KEYS) };
  top['public-clouds'] = { type: 'object', description: 'clouds-public.yaml: vendor profiles by name (each with the keys of a cloud).', additionalProperties: { $ref: '#/definitions/cloud' } };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://openstack-clouds.invalid/schemas/clouds.schema.json',
    title: 'OpenStack clouds.yaml / secure.yaml / clouds-public.yaml (openstacksdk 0.101)',
    type: 'object',
    properties: top,
    additionalProperties: true,
    definitions: { cloud: cloudSchema() },
  };
}
