import { addUsage, computeCostUsd, emptyUsage, type ModelUsage, type Usage } from '@lifeosai/events';

/** What a run's result says about tokens and money. */
export interface UsageTotals {
  usage: Usage;
  modelUsage: Record<string, ModelUsage>;
  totalCostUsd: number | null;
  costComputed: boolean;
}

interface ModelTally {
  usage: Usage;
  /** Sum of Pi's own prices; 0 when Pi has none (a custom model reports a zero cost). */
  piCostUsd: number;
}

/**
 * Sums the usage of every model call of one run, per model. Pi prices a call only when its
 * model carries prices; the harness registers its models without them, so Pi reports 0 and
 * the price table of @lifeosai/events fills in (`cost_computed: true`). Where Pi did price a
 * model's calls, its figure wins.
 */
export class UsageTally {
  readonly #models = new Map<string, ModelTally>();

  /** Adds one model call (or a compaction's summary call). */
  add(model: string, usage: Usage, piCostUsd: number): void {
    const tally = this.#models.get(model) ?? { usage: emptyUsage(), piCostUsd: 0 };
    tally.usage = addUsage(tally.usage, usage);
    tally.piCostUsd += piCostUsd;
    this.#models.set(model, tally);
  }

  /** Totals so far; the result's figures. */
  totals(): UsageTotals {
    let usage = emptyUsage();
    let totalCostUsd: number | null = null;
    let costComputed = false;
    const modelUsage: Record<string, ModelUsage> = {};
    for (const [model, tally] of this.#models) {
      usage = addUsage(usage, tally.usage);
      let costUsd: number | null = tally.piCostUsd > 0 ? tally.piCostUsd : null;
      if (costUsd === null) {
        costUsd = computeCostUsd(model, tally.usage) ?? null;
        if (costUsd !== null) costComputed = true;
      }
      if (costUsd !== null) totalCostUsd = (totalCostUsd ?? 0) + costUsd;
      modelUsage[model] = {
        inputTokens: tally.usage.input_tokens,
        outputTokens: tally.usage.output_tokens,
        cacheReadInputTokens: tally.usage.cache_read_input_tokens,
        cacheCreationInputTokens: tally.usage.cache_creation_input_tokens,
        costUSD: costUsd,
      };
    }
    // A run that never reached a model cost nothing, which is known, not unknown.
    if (this.#models.size === 0) totalCostUsd = 0;
    return { usage, modelUsage, totalCostUsd, costComputed };
  }
}
