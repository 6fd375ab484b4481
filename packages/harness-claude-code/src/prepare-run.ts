import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Options } from '@anthropic-ai/claude-agent-sdk';
import type { RunWatchdog } from '@lifeosai/harness-kit';
import type { RunContext } from '@lifeosai/harness-spec';
import { claudeConfigDir } from './child-env.ts';
import type { ClaudeCodeConfig } from './config.ts';
import { executableProblem } from './executable.ts';
import type { PermissionGate } from './permissions.ts';
import { buildQueryOptions } from './sdk-options.ts';
import { type SessionTotals, SessionTotalsStore } from './session-costs.ts';
import type { SessionPlan } from './session-options.ts';
import { prepareSkillsPlugin } from './skills-plugin.ts';

/** What the run hands to preparation. */
export interface PrepareInput {
  readonly ctx: RunContext<ClaudeCodeConfig>;
  readonly session: SessionPlan;
  readonly executablePath: string | undefined;
  /** Per-run scratch directory (the skills plugin lives here); removed when the run ends. */
  readonly runDir: string;
  readonly spawn: NonNullable<Options['spawnClaudeCodeProcess']>;
  readonly abortController: AbortController;
  readonly gate: PermissionGate;
  readonly watchdog: RunWatchdog;
}

/** A run ready to start. */
export interface PreparedRun {
  readonly prompt: string;
  readonly options: Options;
  /** The session's cost totals before this run (empty for a new session). */
  readonly previousTotals: SessionTotals;
}

/**
 * Everything `query()` needs: the binary checked, the agent's Claude config directory, the
 * skills plugin, the platform tool server, the session's previous totals and the options.
 * Throws when the run cannot start (missing binary, unwritable directories): the run
 * reports that as `spawn_failed`.
 */
export async function prepareRun(input: PrepareInput): Promise<PreparedRun> {
  const { ctx, watchdog } = input;
  const problem = await executableProblem(input.executablePath);
  if (problem) throw new Error(problem);
  await mkdir(claudeConfigDir(ctx.dataDir), { recursive: true });
  const skillsPlugin = await prepareSkillsPlugin(join(input.runDir, 'skills-plugin'), ctx.skills);
  const previousTotals = input.session.totalsFrom
    ? await new SessionTotalsStore(ctx.dataDir).read(input.session.totalsFrom)
    : {};
  // With the MCP SDK, loaded by the first run that has platform tools (ADR 0026).
  const platformServer =
    ctx.platformTools.length > 0
      ? (await import('./platform-mcp.ts')).createPlatformToolServer(ctx.platformTools, {
          signal: input.abortController.signal,
          busy: (isBusy) => (isBusy ? watchdog.hold() : watchdog.release()),
        })
      : undefined;
  const options = buildQueryOptions({
    ctx,
    session: input.session,
    executablePath: input.executablePath!,
    spawn: input.spawn,
    abortController: input.abortController,
    gate: input.gate,
    ...(platformServer ? { platformServer } : {}),
    ...(skillsPlugin ? { skillsPlugin } : {}),
  });
  return { prompt: input.session.prompt ?? ctx.prompt, options, previousTotals };
}
