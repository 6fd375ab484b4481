import { createHash } from 'node:crypto';
import type { AuthContext, BetterAuthPlugin } from '@better-auth/core';
import { createAuthMiddleware } from '@better-auth/core/api';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';

/** At most `max` attempts per `window` seconds. */
export interface AttemptRule {
  window: number;
  max: number;
}

/** Limits per account (email address), counted across every client address. */
export interface AccountRateLimitRules {
  /** `POST /sign-in/email`: password guesses. Default 10 per 15 minutes. */
  signIn?: AttemptRule;
  /** `POST /request-password-reset` and `/send-verification-email`: mail to one inbox. Default 5 per hour. */
  mail?: AttemptRule;
}

const model = 'accountAttempt';

/**
 * Rate limits keyed on the account, next to better-auth's own keyed on the client address:
 * guessing one account's password from many addresses is limited too. Every attempt counts
 * (a correct password as well), so concurrent guesses cannot slip past a count that has not
 * caught up. The counters are a table of their own (`accountAttempt`, created by better-auth's
 * migrations), so several auth instances share them; the key is a hash of the path and the
 * lower-cased address, so the table holds no addresses of people who have no account.
 *
 * The price, said plainly: someone who knows an address can make its owner wait (at most one
 * window) before the next sign-in; they cannot get in, and nobody else is affected.
 */
export function accountRateLimit(rules: AccountRateLimitRules = {}) {
  const signIn = rules.signIn ?? { window: 15 * 60, max: 10 };
  const mail = rules.mail ?? { window: 60 * 60, max: 5 };
  const ruleFor = (path: string): AttemptRule | undefined =>
    path === '/sign-in/email'
      ? signIn
      : path === '/request-password-reset' || path === '/send-verification-email'
        ? mail
        : undefined;
  const longestWindow = Math.max(signIn.window, mail.window);

  return {
    id: 'lifeosai-account-rate-limit',
    schema: {
      [model]: {
        fields: {
          /** sha256 of `<path>|<email>`. */
          key: { type: 'string', unique: true, required: true },
          count: { type: 'number', required: true },
          /** Epoch milliseconds the current window opened. */
          windowStart: { type: 'number', bigint: true, required: true },
        },
      },
    },
    hooks: {
      before: [
        {
          matcher: (context) => ruleFor(context.path ?? '') !== undefined,
          handler: createAuthMiddleware(async (context) => {
            const email = (context.body as { email?: unknown } | undefined)?.email;
            if (typeof email !== 'string' || !email.trim()) return;
            const rule = ruleFor(context.path)!;
            const key = createHash('sha256')
              .update(`${context.path}|${email.trim().toLowerCase()}`)
              .digest('base64url');
            const outcome = await consume(context.context.adapter, key, rule, longestWindow);
            if (outcome.allowed) return;
            throw new APIError(
              'TOO_MANY_REQUESTS',
              {
                code: errorCodes.RATE_LIMITED.code,
                message: `Too many attempts for this account; try again in ${outcome.retryAfter} seconds.`,
              },
              { 'retry-after': String(outcome.retryAfter) },
            );
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

type Outcome = { allowed: true } | { allowed: false; retryAfter: number };

interface AttemptRow {
  key: string;
  count: number;
  windowStart: number | bigint | string;
}

/**
 * One atomic step per attempt: count it in the open window while under the limit, or open a
 * new window when the old one ended, or create the counter. Each write is guarded by its own
 * condition (`incrementOne`), so two instances racing cannot both pass the last free slot.
 */
async function consume(
  adapter: AuthContext['adapter'],
  key: string,
  rule: AttemptRule,
  longestWindow: number,
): Promise<Outcome> {
  const windowMs = rule.window * 1000;
  for (let round = 0; round < 3; round++) {
    const now = Date.now();
    const counted = await adapter.incrementOne<AttemptRow>({
      model,
      where: [
        { field: 'key', value: key },
        { field: 'windowStart', operator: 'gt', value: now - windowMs },
        { field: 'count', operator: 'lt', value: rule.max },
      ],
      increment: { count: 1 },
    });
    if (counted) return { allowed: true };
    const reopened = await adapter.incrementOne<AttemptRow>({
      model,
      where: [
        { field: 'key', value: key },
        { field: 'windowStart', operator: 'lte', value: now - windowMs },
      ],
      increment: {},
      set: { count: 1, windowStart: now },
    });
    if (reopened) return { allowed: true };
    const row = await adapter.findOne<AttemptRow>({ model, where: [{ field: 'key', value: key }] });
    if (row) {
      const retryAfter = Math.ceil((Number(row.windowStart) + windowMs - now) / 1000);
      return { allowed: false, retryAfter: Math.max(1, retryAfter) };
    }
    try {
      await adapter.create({ model, data: { key, count: 1, windowStart: now } });
      // New keys are the moment to forget counters whose every window has ended.
      await adapter.deleteMany({
        model,
        where: [{ field: 'windowStart', operator: 'lt', value: now - longestWindow * 1000 }],
      });
      return { allowed: true };
    } catch {
      // Another attempt created it first: count against theirs.
    }
  }
  throw new Error('account rate limit: the counter kept changing under us');
}
