import type { Run } from '@lifeosai/db';
import type { ResultEvent } from '@lifeosai/events';
import type { HeartbeatOutcome } from './heartbeat.ts';

/** The logger calls the lifecycle lines use (pino's shape). */
export interface LifecycleLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * The lines a person watching the terminal wants about runs — started, finished, failed and
 * why, cancelled — and about heartbeats (woke, skipped and why). One place for their wording;
 * the orchestrator and the executor call it at each step.
 */
export interface RunLifecycleLog {
  /** The harness took the run. */
  started(run: Run, harness: string): void;
  /** The run reached its terminal status; `result` is its final event (absent when it could not be stored). */
  ended(run: Run, harness: string, status: Run['status'], result: ResultEvent | undefined): void;
  /** A person asked to stop the run. */
  cancelRequested(run: Run): void;
  /** What one heartbeat slot did for one agent. */
  heartbeat(outcome: HeartbeatOutcome): void;
}

/** Longest error text put on one line. */
const MAX_ERROR = 300;

const seconds = (from: string | null | undefined): number | undefined =>
  from ? Math.round((Date.now() - Date.parse(from)) / 100) / 10 : undefined;

export function runLifecycleLog(logger: LifecycleLogger): RunLifecycleLog {
  return {
    started(run, harness) {
      logger.info({ runId: run.id, agentId: run.agentId, harness, attempt: run.attempt }, 'run started');
    },
    ended(run, harness, status, result) {
      const fields = {
        runId: run.id,
        agentId: run.agentId,
        harness,
        status,
        seconds: seconds(run.startedAt ?? run.createdAt),
        ...(result?.usage && {
          tokens: (result.usage.input_tokens ?? 0) + (result.usage.output_tokens ?? 0),
        }),
        ...(typeof result?.total_cost_usd === 'number' && { costUsd: result.total_cost_usd }),
      };
      if (status === 'succeeded') return logger.info(fields, 'run finished');
      if (status === 'cancelled') return logger.info(fields, 'run cancelled');
      const why = (
        result?.errors?.join('; ') ||
        result?.error_class ||
        'its events could not be stored'
      ).slice(0, MAX_ERROR);
      logger.warn({ ...fields, why }, status === 'timed_out' ? 'run timed out' : 'run failed');
    },
    cancelRequested(run) {
      logger.info({ runId: run.id, agentId: run.agentId, status: run.status }, 'run cancel requested');
    },
    heartbeat(outcome) {
      if (outcome.action === 'woke') {
        logger.info(
          { agentId: outcome.agentId, slot: outcome.slot, runId: outcome.runId, items: outcome.items },
          'heartbeat woke the agent',
        );
      } else {
        logger.info(
          { agentId: outcome.agentId, slot: outcome.slot, why: outcome.reason },
          'heartbeat skipped',
        );
      }
    },
  };
}
