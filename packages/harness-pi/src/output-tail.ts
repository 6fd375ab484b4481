/** Keeps the last `limit` bytes of a stream, e.g. a process's stderr, for error reports. */
export class OutputTail {
  #text = '';
  readonly #limit: number;

  constructor(limit = 4096) {
    this.#limit = limit;
  }

  push(chunk: Buffer | string): void {
    // Twice the limit is kept so that a secret cut by the window's edge is still whole
    // when redacted; only the last `limit` characters are ever shown.
    this.#text = (this.#text + chunk.toString()).slice(-2 * this.#limit);
  }

  /** The last `limit` characters, with every secret replaced by `[REDACTED]`. */
  text(secrets: ReadonlyArray<string>): string {
    return redact(this.#text, secrets).slice(-this.#limit);
  }
}

/** `text` with each secret (of 4 characters or more) replaced by `[REDACTED]`. */
export function redact(text: string, secrets: ReadonlyArray<string>): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, '[REDACTED]');
  return out;
}
