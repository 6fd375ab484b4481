/** What replaces every occurrence of a known secret value. */
export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not redacted. Short values ("admin", "1234", "true") also occur as
 * ordinary words and numbers, so masking them would scramble unrelated text while hiding little;
 * real credentials (API keys, tokens, passwords worth the name) are longer.
 */
export const MIN_REDACTED_LENGTH = 6;

/**
 * Replaces known secret values in text with `[REDACTED]`. Every text written to logs (and any
 * other output an operator or model may see) should pass through one shared instance.
 *
 * All values are matched by one combined regular expression, rebuilt lazily after a change, so
 * the cost per `redact` call stays one scan of the text however many secrets are known.
 */
export class Redactor {
  // Counts, because two references may resolve to the same value: removing one must keep it masked.
  readonly #counts = new Map<string, number>();
  #pattern: RegExp | undefined;
  #dirty = false;

  /** Starts masking `value` (ignored when shorter than `MIN_REDACTED_LENGTH`). */
  add(value: string): void {
    if (value.length < MIN_REDACTED_LENGTH) return;
    this.#counts.set(value, (this.#counts.get(value) ?? 0) + 1);
    this.#dirty = true;
  }

  /** Undoes one `add(value)`; the value stays masked while other adds of it remain. */
  remove(value: string): void {
    const count = this.#counts.get(value);
    if (count === undefined) return;
    if (count > 1) {
      this.#counts.set(value, count - 1);
    } else {
      this.#counts.delete(value);
      this.#dirty = true;
    }
  }

  /** Returns `text` with every occurrence of every known value replaced by `[REDACTED]`. */
  redact(text: string): string {
    const pattern = this.#currentPattern();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  #currentPattern(): RegExp | undefined {
    if (this.#dirty) {
      this.#pattern = buildPattern([...this.#counts.keys()]);
      this.#dirty = false;
    }
    return this.#pattern;
  }
}

/**
 * `text` with every occurrence of each of `values` replaced by `[REDACTED]`, by the same rule
 * as `Redactor` (values under `MIN_REDACTED_LENGTH` ignored, JSON-escaped forms masked too).
 * For a short-lived list, such as one run's credentials; a long-lived set belongs in a
 * `Redactor`, which builds its pattern once per change.
 */
export function redactValues(text: string, values: readonly string[]): string {
  const pattern = buildPattern(values);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

function buildPattern(values: readonly string[]): RegExp | undefined {
  const variants = new Set<string>();
  for (const value of values) {
    if (value.length < MIN_REDACTED_LENGTH) continue;
    variants.add(value);
    // Logs are JSON lines: a value with quotes, backslashes or control characters appears there
    // in its escaped form, which must be masked too.
    variants.add(JSON.stringify(value).slice(1, -1));
  }
  if (variants.size === 0) return undefined;
  // Longest first: alternation takes the first branch that matches, and a secret that contains
  // another must be masked whole.
  const alternatives = [...variants].sort((left, right) => right.length - left.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'g');
}

/** `text` as a regular expression that matches exactly it. */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
