import type { Readable } from 'node:stream';

/**
 * Splits a child's output into lines, hands each to `onLine`, and keeps the last `keep`
 * lines so a crash report can quote them.
 */
export class OutputTail {
  readonly #keep: number;
  readonly #lines: string[] = [];

  constructor(keep = 15) {
    this.#keep = keep;
  }

  /** Follows `stream` until it ends; `onLine` must not throw. */
  follow(stream: Readable, onLine: (line: string) => void): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) this.#add(line, onLine);
    });
    stream.on('end', () => {
      if (partial) this.#add(partial, onLine);
      partial = '';
    });
  }

  /** The last lines seen, oldest first. */
  lines(): string[] {
    return [...this.#lines];
  }

  #add(line: string, onLine: (line: string) => void): void {
    const clean = line.replace(/\r$/, '');
    this.#lines.push(clean);
    if (this.#lines.length > this.#keep) this.#lines.shift();
    onLine(clean);
  }
}
