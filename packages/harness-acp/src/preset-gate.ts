import type { EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpPreset } from './presets/preset.ts';

/** Presets whose check passed in this process: an installed package does not vanish mid-run. */
const passed = new Set<string>();

/**
 * Why the preset cannot run here, or undefined when it can: its own `check` (once per
 * process once it passes; a failing check runs again next time, so installing the package
 * fixes the next run without a restart).
 */
export async function presetProblem(preset: AcpPreset, signal: AbortSignal): Promise<string | undefined> {
  if (passed.has(preset.id)) return undefined;
  const errors = (await preset.check(signal)).filter((diagnostic) => diagnostic.status === 'error');
  if (errors.length === 0) {
    passed.add(preset.id);
    return undefined;
  }
  return `The ${preset.label} agent cannot run here: ${errors.map(describe).join('; ')}`;
}

function describe(diagnostic: EnvironmentDiagnostic): string {
  return diagnostic.fix ? `${diagnostic.message} (${diagnostic.fix})` : diagnostic.message;
}
