// Tests that read variables of process.env (proxies, CA bundles) set exactly the ones they test:
// the machine's own values (this one sets REQUESTS_CA_BUNDLE, CI may set a proxy) are put aside.

/** Runs `run` with exactly `values` of these variables set; none of them is set after. */
export async function withEnvironment<T>(names: readonly string[], values: Record<string, string>, run: () => Promise<T>): Promise<T> {
  for (const name of names) delete process.env[name];
  Object.assign(process.env, values);
  try {
    return await run();
  } finally {
    for (const name of names) delete process.env[name];
  }
}

/** Unsets the variables now; the function returned puts the machine's values back. */
export function unsetEnvironment(names: readonly string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) delete process.env[name];
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
