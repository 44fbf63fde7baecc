// When the YAML extension (redhat.vscode-yaml) validates a clouds file with our JSON schema, it
// already reports what the schema checks (types, allowed values, region shape). Our problems with
// those codes would show twice: they are left to it, except that one carrying a quick fix ("did
// you mean") stays as a hint, so the fix is still offered without a second squiggle.
import path from 'node:path';
import { CLOUDS_SCHEMA_FILE_NAMES, schemaCheckedCodes } from '../config/index';
import type { Problem } from '../yaml/problem';

/** Whether package.json's yamlValidation gives our schema to this file (not to a custom `openstack.cloudsFile`). */
export function servedBySchema(fileName: string): boolean {
  return CLOUDS_SCHEMA_FILE_NAMES.includes(path.basename(fileName));
}

/** The problems to show beside the schema's own diagnostics of the same file. */
export function besideSchemaDiagnostics(problems: readonly Problem[], fileName: string): Problem[] {
  if (!servedBySchema(fileName)) return [...problems];
  const checked = schemaCheckedCodes();
  return problems.flatMap((p) => {
    if (!checked.has(p.code)) return [p];
    return typeof p.data?.suggestion === 'string' ? [{ ...p, severity: 'hint' as const }] : [];
  });
}
