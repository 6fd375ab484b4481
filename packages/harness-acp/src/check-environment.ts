import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import type { EnvironmentContext, EnvironmentDiagnostic } from '@lifeosai/harness-spec';
import type { AcpConfig, CustomAgent } from './config.ts';
import { findPreset } from './presets/index.ts';
import type { AcpPreset } from './presets/preset.ts';

/**
 * The checks of `Harness.checkEnvironment` (never rejects, spends no tokens): for one agent,
 * its preset's own check or, for a custom command, that the command is there; for the
 * harness in general, every preset's check, each id prefixed with the preset id, so a preset
 * that cannot run here stays listed and says why.
 */
export async function checkAcpEnvironment(
  context: EnvironmentContext<AcpConfig>,
  presets: ReadonlyArray<AcpPreset>,
): Promise<EnvironmentDiagnostic[]> {
  const agent = context.config?.agent;
  if (agent === undefined) {
    const perPreset = await Promise.all(
      presets.map(async (preset) =>
        (await safeCheck(preset.id, () => preset.check(context.signal))).map((diagnostic) => ({
          ...diagnostic,
          id: `${preset.id}-${diagnostic.id}`,
        })),
      ),
    );
    return perPreset.flat();
  }
  if (typeof agent !== 'string') return [await commandPresent(agent)];
  const preset = findPreset(presets, agent);
  if (preset === undefined) {
    return [
      {
        id: 'agent',
        status: 'error',
        message: `Unknown ACP agent "${agent}"`,
        fix: 'Pick one of the presets.',
      },
    ];
  }
  return safeCheck(preset.id, () => preset.check(context.signal));
}

/** A preset's check, its contract (never rejects) enforced here once. */
async function safeCheck(
  id: string,
  check: () => Promise<ReadonlyArray<EnvironmentDiagnostic>>,
): Promise<EnvironmentDiagnostic[]> {
  try {
    return [...(await check())];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return [{ id: 'check', status: 'error', message: `The ${id} check failed: ${detail}` }];
  }
}

async function commandPresent(agent: CustomAgent): Promise<EnvironmentDiagnostic> {
  const candidates = isAbsolute(agent.command)
    ? [agent.command]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((directory) => join(directory, agent.command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return { id: 'agent-command', status: 'ok', message: `The agent command ${candidate} is present` };
    } catch {
      // Try the next directory.
    }
  }
  return {
    id: 'agent-command',
    status: 'error',
    message: `The agent command ${agent.command} is not an executable on this machine`,
    fix: 'Install the agent, or give the absolute path of its program in adapterConfig.agent.command.',
  };
}
