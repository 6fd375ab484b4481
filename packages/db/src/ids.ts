import { randomBytes } from 'node:crypto';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

/**
 * A prefixed, time-ordered id (`run_01jf…`): 48 bits of milliseconds then 80 random bits,
 * Crockford base32, lower case. Ids sort by creation time, so `id` alone is a stable
 * pagination cursor; within one millisecond the random part is incremented, keeping ids
 * from one process strictly increasing.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = new Uint8Array(randomBytes(10));
  }
  return `${prefix}_${encodeTime(lastTime)}${encodeRandom(lastRandom)}`;
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let index = 0; index < 10; index++) {
    out = alphabet[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let index = 0; index < 16; index++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let index = next.length - 1; index >= 0; index--) {
    next[index] = (next[index]! + 1) & 0xff;
    if (next[index] !== 0) break;
  }
  return next;
}

/** Now as the ISO string every timestamp column holds. */
export function nowIso(): string {
  return new Date().toISOString();
}
