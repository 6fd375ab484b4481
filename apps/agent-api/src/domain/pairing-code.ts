import { randomInt } from 'node:crypto';

/** Pairing codes: no 0/O or 1/I, so a code read aloud is typed right. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A new pairing code (six characters), for a channel sender or a caller waiting for approval. */
export function pairingCode(): string {
  return Array.from({ length: 6 }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('');
}
