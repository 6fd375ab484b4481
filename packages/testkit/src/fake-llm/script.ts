import type { ModelCall } from './model-call.ts';
import { type Scenario, text } from './scenario.ts';

/**
 * Decides whether a rule answers a request.
 * Contract: called once per model request, synchronously, for each rule until one matches;
 * must not throw (a throw fails that request with a 500).
 */
export type CallMatcher = (call: ModelCall) => boolean;

/** A fixed scenario, or one computed from the request (same contract as `CallMatcher`). */
export type Responder = Scenario | ((call: ModelCall) => Scenario);

/** Options for `on`. */
export interface RuleOptions {
  /** How many requests the rule answers before it retires; default unlimited. */
  times?: number;
}

interface Rule {
  match: CallMatcher;
  respond: Responder;
  remaining: number;
}

/**
 * Picks the scenario for each model request: the first matching rule (in the order they
 * were added), else the next queued scenario, else the default echo. Rules win over the
 * queue so a test can say "whenever a tool result comes back, answer X" while the queue
 * drives the other turns.
 */
export class Script {
  #queue: Scenario[] = [];
  #rules: Rule[] = [];

  /** Queues scenarios, consumed one per model request. */
  push(...scenarios: Scenario[]): void {
    this.#queue.push(...scenarios);
  }

  /** Adds a rule checked before the queue. */
  on(match: CallMatcher, respond: Responder, options: RuleOptions = {}): void {
    this.#rules.push({ match, respond, remaining: options.times ?? Number.POSITIVE_INFINITY });
  }

  /** Scenarios queued and not yet used. */
  pending(): number {
    return this.#queue.length;
  }

  /** Chooses (and consumes) the answer to one request. */
  next(call: ModelCall): Scenario {
    const rule = this.#rules.find((candidate) => candidate.match(call));
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules.splice(this.#rules.indexOf(rule), 1);
      return typeof rule.respond === 'function' ? rule.respond(call) : rule.respond;
    }
    return this.#queue.shift() ?? echo(call);
  }

  /** Forgets queued scenarios and rules. */
  clear(): void {
    this.#queue = [];
    this.#rules = [];
  }
}

/** The answer when nothing is scripted: never a tool call, so an agent loop always ends. */
export function echo(call: ModelCall): Scenario {
  return text(call.lastUserText ? `echo: ${call.lastUserText}` : 'ok');
}
