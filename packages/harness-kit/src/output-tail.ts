import { redactValues } from '@lifeosai/secrets/redactor';

/** How much of a process's output a failure report keeps: enough for a stack trace's head. */
const DEFAULT_LIMIT = 4096;

/**
 * The last characters a process wrote to a stream (its stderr), for the `error` event of a
 * run whose process failed. Secrets are redacted when the tail is read, not when chunks
 * arrive, so a key split across two chunks is still caught; the platform's one redaction
 * rule applies (`redactValues` of `@lifeosai/secrets`).
 */
export class OutputTail {
  #text = '';
  readonly #secrets: readonly string[];
  readonly #limit: number;

  /** `secrets`: the values to mask (the run's credentials); `limit`: characters kept. */
  constructor(secrets: readonly string[], limit = DEFAULT_LIMIT) {
    this.#secrets = secrets;
    this.#limit = limit;
  }

  /** Adds output. Contract: cheap, never throws. */
  push(chunk: Buffer | string): void {
    // Twice the limit is kept so that a secret cut by the window's edge is still whole
    // when redacted; only the last `limit` characters are ever shown.
    this.#text = (this.#text + chunk.toString()).slice(-2 * this.#limit);
  }

  /** The redacted tail, at most `limit` characters, trimmed; undefined when nothing was written. */
  read(): string | undefined {
    const tail = redactValues(this.#text, this.#secrets).slice(-this.#limit).trim();
    return tail === '' ? undefined : tail;
  }
}
