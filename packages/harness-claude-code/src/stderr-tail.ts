/** How much of the CLI's stderr a failure report keeps: enough for a stack trace's head. */
const STDERR_TAIL_BYTES = 4096;

/**
 * The last few kilobytes a process wrote to stderr, for the `error` event of a crashed
 * run. Secrets are redacted when the tail is read, not when chunks arrive, so a key split
 * across two chunks is still caught.
 */
export class StderrTail {
  #text = '';
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[]) {
    this.#secrets = secrets.filter((secret) => secret.length > 0);
  }

  append(chunk: string): void {
    this.#text += chunk;
    // Keep twice the limit so a secret straddling the cut is still whole when redacted.
    if (this.#text.length > 2 * STDERR_TAIL_BYTES) this.#text = this.#text.slice(-2 * STDERR_TAIL_BYTES);
  }

  /** The redacted tail, at most `STDERR_TAIL_BYTES` characters; undefined when nothing was written. */
  read(): string | undefined {
    const redacted = redactText(this.#text, this.#secrets).slice(-STDERR_TAIL_BYTES).trim();
    return redacted === '' ? undefined : redacted;
  }
}

/** `text` with every occurrence of each secret replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length > 0) out = out.replaceAll(secret, '[redacted]');
  return out;
}
