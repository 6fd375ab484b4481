import type { CallDetail, CallStatusName, PhoneCallerPolicy } from '@lifeosai/api-contract';

/** A call's length as a list says it: `45 s`, `3 min 05 s`, `1 h 02 min`; `—` while it lasts. */
export function callLength(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** A call's status in words. */
export const callStatusWords: Record<CallStatusName, string> = {
  ringing: 'Ringing',
  in_progress: 'On the line',
  completed: 'Completed',
  refused: 'Refused',
  failed: 'Failed',
};

/** How a number treats callers it does not know, in words (the form's choices and the card). */
export const callerPolicyWords: Record<PhoneCallerPolicy, { label: string; hint: string }> = {
  pairing: { label: 'Pairing', hint: 'a new caller is asked to wait until you approve them here' },
  allowlist: { label: 'Allowlist', hint: 'only the numbers you list may call' },
  open: { label: 'Open', hint: 'anyone may call (rate limits still apply)' },
};

/**
 * A call's cost split: the live voice model's share and its runs' (the rest of the total). Null
 * parts are not known yet (the call lasts) or not recorded (no voice usage).
 */
export function costSplit(call: Pick<CallDetail, 'costUsd' | 'voice'>): {
  total: number | null;
  voice: number | null;
  runs: number | null;
} {
  const voice = call.voice?.costUsd ?? null;
  const total = call.costUsd;
  if (total === null) return { total, voice, runs: null };
  return { total, voice, runs: voice === null ? null : Math.max(0, total - voice) };
}
