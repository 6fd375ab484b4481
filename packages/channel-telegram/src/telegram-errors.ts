import { GrammyError, HttpError } from 'grammy';
import { redactToken } from './token.ts';

/** What a failed Bot API call means for the caller, in the terms it acts on. */
export interface TelegramFailure {
  kind: 'unauthorized' | 'conflict' | 'rate_limited' | 'unreachable' | 'refused' | 'aborted';
  /** Telegram's HTTP-like code (0 when Telegram was not reached). */
  code: number;
  /** Telegram's description, or the network problem, with the token removed. */
  description: string;
  /** From `parameters.retry_after` on a 429. */
  retryAfterMs?: number;
}

/**
 * Classifies anything a grammY call threw. Never keeps the original error: its URL and cause
 * hold the token. 401 and 404 (Telegram's answer to a malformed token) are "unauthorized".
 */
export function classifyTelegramError(error: unknown, token: string | undefined): TelegramFailure {
  if (error instanceof GrammyError) {
    const description = redactToken(error.description, token);
    const code = error.error_code;
    if (code === 401 || code === 404) return { kind: 'unauthorized', code, description };
    if (code === 409) return { kind: 'conflict', code, description };
    if (code === 429) {
      const seconds = Number(error.parameters.retry_after ?? 1);
      return { kind: 'rate_limited', code, description, retryAfterMs: Math.max(seconds, 0) * 1000 };
    }
    if (code >= 500) return { kind: 'unreachable', code, description };
    return { kind: 'refused', code, description };
  }
  if (error instanceof HttpError) {
    const inner = error.error as
      | { name?: string; type?: string; code?: string; message?: string }
      | undefined;
    if (inner?.name === 'AbortError' || inner?.type === 'aborted')
      return { kind: 'aborted', code: 0, description: 'aborted' };
    const reason = inner?.code ?? inner?.type ?? 'network error';
    return { kind: 'unreachable', code: 0, description: redactToken(String(reason), token) };
  }
  if ((error as { name?: string })?.name === 'AbortError')
    return { kind: 'aborted', code: 0, description: 'aborted' };
  return {
    kind: 'unreachable',
    code: 0,
    description: redactToken(String((error as Error)?.message ?? error), token),
  };
}
