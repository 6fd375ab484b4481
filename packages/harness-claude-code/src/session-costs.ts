import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelUsage as SdkModelUsage } from '@anthropic-ai/claude-agent-sdk';
import { addUsage, computeCostUsd, emptyUsage, type ModelUsage, type Usage } from '@lifeosai/events';

/*
 * Claude Code's result figures (`modelUsage`, `total_cost_usd`) are cumulative over the
 * native session: a resumed or forked session starts from the totals its transcript saved.
 * Our result reports one run, so the adapter remembers each session's totals in the agent's
 * data directory and subtracts them. A fork starts from its source's totals — even when it
 * forks at an earlier message, Claude Code carries the source's latest totals over.
 */

/** One model's cumulative counters, as Claude Code reported them at the end of a run. */
export interface ModelTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  webSearchRequests: number;
  costUSD: number;
}

/** A native session's cumulative totals, per model. */
export type SessionTotals = Readonly<Record<string, ModelTotals>>;

const COUNTERS = [
  'inputTokens',
  'outputTokens',
  'cacheReadInputTokens',
  'cacheCreationInputTokens',
  'webSearchRequests',
  'costUSD',
] as const satisfies ReadonlyArray<keyof ModelTotals>;

// Session ids become file names: anything else is not persisted rather than trusted as a path.
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Per-session totals, one small JSON file each under `<dataDir>/claude-code/session-totals`. */
export class SessionTotalsStore {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'claude-code', 'session-totals');
  }

  /** The totals recorded for a session; empty when none (a new session, or lost state). */
  async read(sessionId: string): Promise<SessionTotals> {
    if (!SAFE_ID.test(sessionId)) return {};
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.#dir, `${sessionId}.json`), 'utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as SessionTotals) : {};
    } catch {
      return {};
    }
  }

  /** Records a session's totals, replacing the file atomically (a crash leaves the old one). */
  async write(sessionId: string, totals: SessionTotals): Promise<void> {
    if (!SAFE_ID.test(sessionId)) return;
    await mkdir(this.#dir, { recursive: true });
    const file = join(this.#dir, `${sessionId}.json`);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, JSON.stringify(totals));
    await rename(temporary, file);
  }
}

/** The cumulative totals in a result's `modelUsage`. */
export function totalsOf(modelUsage: Readonly<Record<string, SdkModelUsage>>): SessionTotals {
  return Object.fromEntries(
    Object.entries(modelUsage).map(([model, usage]) => [
      model,
      Object.fromEntries(
        COUNTERS.map((counter) => [counter, finite(usage[counter])]),
      ) as unknown as ModelTotals,
    ]),
  );
}

/**
 * What to remember after a run: per model, the larger of the old and new totals. An error
 * result may carry zeroed figures; remembering those would make the next run's share the
 * whole session's.
 */
export function mergeTotals(previous: SessionTotals, current: SessionTotals): SessionTotals {
  const merged: Record<string, ModelTotals> = { ...previous };
  for (const [model, totals] of Object.entries(current)) {
    const before = previous[model];
    merged[model] = before && !covers(totals, before) ? before : totals;
  }
  return merged;
}

/** This run's part of a result, for our `result` event. */
export interface RunShare {
  usage: Usage;
  modelUsage: Record<string, ModelUsage>;
  total_cost_usd: number | null;
  cost_computed: boolean;
}

/**
 * This run's share of a result's cumulative figures. Per model: when every counter grew
 * from the previous totals they are subtracted; otherwise Claude Code did not carry the
 * history over (a lost transcript, a zeroed error result) and the figures are this run's
 * alone. A model whose cost Claude Code could only guess (`costBasis: 'unknown'`) is priced
 * from our table instead; a model neither knows has no cost, which makes the total null.
 */
export function runShare(
  modelUsage: Readonly<Record<string, SdkModelUsage>>,
  previous: SessionTotals,
): RunShare {
  const share: RunShare = {
    usage: emptyUsage(),
    modelUsage: {},
    total_cost_usd: 0,
    cost_computed: false,
  };
  for (const [model, reported] of Object.entries(modelUsage)) {
    const current = totalsOf({ [model]: reported })[model]!;
    const before = previous[model];
    const delta = before && covers(current, before) ? subtract(current, before) : current;
    if (COUNTERS.every((counter) => delta[counter] === 0)) continue;
    const usage: Usage = {
      input_tokens: delta.inputTokens,
      output_tokens: delta.outputTokens,
      cache_creation_input_tokens: delta.cacheCreationInputTokens,
      cache_read_input_tokens: delta.cacheReadInputTokens,
    };
    let cost: number | null = delta.costUSD;
    if (reported.costBasis === 'unknown') {
      cost = computeCostUsd(model, usage) ?? null;
      share.cost_computed = true;
    }
    share.usage = addUsage(share.usage, usage);
    share.total_cost_usd =
      cost === null || share.total_cost_usd === null ? null : share.total_cost_usd + cost;
    share.modelUsage[model] = {
      inputTokens: delta.inputTokens,
      outputTokens: delta.outputTokens,
      cacheReadInputTokens: delta.cacheReadInputTokens,
      cacheCreationInputTokens: delta.cacheCreationInputTokens,
      webSearchRequests: delta.webSearchRequests,
      costUSD: cost,
      ...(reported.contextWindow > 0 ? { contextWindow: finite(reported.contextWindow) } : {}),
      ...(reported.maxOutputTokens > 0 ? { maxOutputTokens: finite(reported.maxOutputTokens) } : {}),
    };
  }
  return share;
}

function covers(current: ModelTotals, before: ModelTotals): boolean {
  return COUNTERS.every((counter) => current[counter] >= before[counter]);
}

function subtract(current: ModelTotals, before: ModelTotals): ModelTotals {
  const delta = { ...current };
  // Costs are floats summed by the CLI; rounding keeps 0.0018 - 0.0006 from printing 0.0012000000000000001.
  for (const counter of COUNTERS) delta[counter] = roundCounter(counter, current[counter] - before[counter]);
  return delta;
}

function roundCounter(counter: keyof ModelTotals, value: number): number {
  return counter === 'costUSD' ? Math.round(value * 1e12) / 1e12 : Math.round(value);
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
