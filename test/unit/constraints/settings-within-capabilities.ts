/**
 * The Settings rule of https://w3c.github.io/mediacapture-main/#dfn-settings: a settings dictionary
 * "MUST contain each key returned in getCapabilities()" and each value "MUST be a member of the set
 * defined for that property by getCapabilities()".
 */

/**
 * Every way `settings` breaks that rule against `capabilities`, one sentence each; empty when it keeps it.
 * A range capability ({min, max}) holds the numbers within it, a list holds its members, and a string
 * capability (deviceId, groupId) holds only itself.
 */
export function settingsWithinCapabilities(
  settings: Readonly<Record<string, unknown>>,
  capabilities: Readonly<Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(capabilities)) {
    if (!Object.hasOwn(settings, name)) {
      problems.push(`capability ${name} has no setting`);
    }
  }
  for (const [name, value] of Object.entries(settings)) {
    // mediacapture-image's pointsOfInterest is a setting without a capability member.
    if (name === 'pointsOfInterest') {
      continue;
    }
    if (!Object.hasOwn(capabilities, name)) {
      problems.push(`setting ${name} has no capability`);
      continue;
    }
    const capability = capabilities[name];
    if (Array.isArray(capability)) {
      if (!capability.includes(value)) {
        problems.push(`setting ${name}=${String(value)} is not in ${JSON.stringify(capability)}`);
      }
    } else if (typeof capability === 'string') {
      if (value !== capability) {
        problems.push(`setting ${name}=${String(value)} is not ${capability}`);
      }
    } else {
      const { min, max, step } = capability as { min: number; max: number; step?: number };
      if (typeof value !== 'number' || !(value >= min && value <= max)) {
        problems.push(`setting ${name}=${String(value)} is outside ${min}..${max}`);
      } else if (step !== undefined && step > 0 && Math.abs((value - min) / step - Math.round((value - min) / step)) > 1e-9) {
        problems.push(`setting ${name}=${String(value)} is not on the grid ${min} + k * ${step}`);
      }
    }
  }
  return problems;
}
