import { addUsage, computeCostUsd, emptyUsage, type ModelUsage, type Usage } from '@lifeosai/events';

/** What a run's `result` says about tokens and money. */
export interface UsageTotals {
  /** Tokens of every model call, summed. */
  usage: Usage;
  /** The same per model, with each model's cost. */
  modelUsage: Record<string, ModelUsage>;
  /** The run's cost in USD; null when a model that consumed tokens has no known price. */
  totalCostUsd: number | null;
  /** Whether any cost came from the platform's price table rather than the runtime. */
  costComputed: boolean;
}

interface ModelTally {
  usage: Usage;
  /** Sum of the runtime's own prices; 0 when it has none. */
  runtimeCostUsd: number;
}

/**
 * Sums the usage of every model call of one run, per model, and prices it. A model's cost is
 * the runtime's own figure where it priced the calls, else the price table of
 * `@lifeosai/events` (`costComputed`). A model neither can price makes the total unknown
 * (null) rather than a smaller number: budgets and bills read this figure, and an understated
 * one would let spending through unseen. A run that never reached a model cost nothing.
 */
export class UsageTally {
  readonly #models = new Map<string, ModelTally>();

  /** Adds one model call (or part of one), with the runtime's own price of it when it has one. */
  add(model: string, usage: Usage, runtimeCostUsd = 0): void {
    const tally = this.#models.get(model) ?? { usage: emptyUsage(), runtimeCostUsd: 0 };
    tally.usage = addUsage(tally.usage, usage);
    tally.runtimeCostUsd += runtimeCostUsd;
    this.#models.set(model, tally);
  }

  /** Totals so far; the result's figures. */
  totals(): UsageTotals {
    let usage = emptyUsage();
    let totalCostUsd: number | null = 0;
    let costComputed = false;
    const modelUsage: Record<string, ModelUsage> = {};
    for (const [model, tally] of this.#models) {
      usage = addUsage(usage, tally.usage);
      let costUsd: number | null = tally.runtimeCostUsd > 0 ? tally.runtimeCostUsd : null;
      if (costUsd === null) {
        costUsd = computeCostUsd(model, tally.usage) ?? (hasTokens(tally.usage) ? null : 0);
        if (costUsd !== null && hasTokens(tally.usage)) costComputed = true;
      }
      totalCostUsd = costUsd === null || totalCostUsd === null ? null : totalCostUsd + costUsd;
      modelUsage[model] = {
        inputTokens: tally.usage.input_tokens,
        outputTokens: tally.usage.output_tokens,
        cacheReadInputTokens: tally.usage.cache_read_input_tokens,
        cacheCreationInputTokens: tally.usage.cache_creation_input_tokens,
        costUSD: costUsd,
      };
    }
    return { usage, modelUsage, totalCostUsd, costComputed };
  }
}

function hasTokens(usage: Usage): boolean {
  return (
    usage.input_tokens +
      usage.output_tokens +
      usage.cache_creation_input_tokens +
      usage.cache_read_input_tokens >
    0
  );
}
