// The fleet settings of the boot wizard (openstackClouds.fleet.*), as the boot may use them. A
// workspace's settings file can hold any JSON there: what is not a whole number in the setting's
// range counts as unset (the default), never as 0 boots at a time or a request every few hours.
// No `vscode` here (unit-tested).

export interface FleetLimits {
  /** Boots at a time per cloud; undefined: the core's default. */
  parallel?: number;
  /** API requests a second per cloud; undefined: no limit. */
  requestsPerSecond?: number;
}

function wholeNumber(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

export function fleetLimits(setting: (key: 'parallel' | 'requestsPerSecond') => unknown): FleetLimits {
  return { parallel: wholeNumber(setting('parallel'), 1, 1000), requestsPerSecond: wholeNumber(setting('requestsPerSecond'), 1, 100_000) };
}
