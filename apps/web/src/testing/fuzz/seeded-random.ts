/**
 * A deterministic random source (mulberry32): the same seed gives the same requests on every
 * run, so a failure found once is found again.
 */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let value = this.#state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One item of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * At most `count` of `items`, chosen by this source and kept in their order: the same seed
   * picks the same ones. All of them (a copy) when there are no more than `count`.
   */
  sample<T>(items: readonly T[], count: number): T[] {
    if (items.length <= count) return [...items];
    const indexes = items.map((_, index) => index);
    // Fisher–Yates on the first `count` places.
    for (let place = 0; place < count; place++) {
      const other = place + Math.floor(this.next() * (indexes.length - place));
      [indexes[place], indexes[other]] = [indexes[other]!, indexes[place]!];
    }
    return indexes
      .slice(0, count)
      .sort((left, right) => left - right)
      .map((index) => items[index]!);
  }
}
