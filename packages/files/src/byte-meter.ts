import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { PlatformError } from '@lifeosai/errors';

/**
 * A pass-through stage that counts and hashes bytes on their way to storage and fails with
 * `FILE_TOO_LARGE` (413) at the first byte past `maxBytes`, before that byte is written.
 */
export class ByteMeter extends Transform {
  readonly #hash = createHash('sha256');
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number) {
    super();
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    this.#maxBytes = maxBytes;
  }

  /** Bytes passed through so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Hex SHA-256 of everything passed through; call once, after the stream finished. */
  sha256(): string {
    return this.#hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#bytes += chunk.byteLength;
    if (this.#bytes > this.#maxBytes) {
      done(
        new PlatformError(
          'FILE_TOO_LARGE',
          `File is larger than the ${this.#maxBytes}-byte limit; upload a smaller file.`,
        ),
      );
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }
}
