import type { BetterAuthPlugin } from '@better-auth/core';
import { createAuthMiddleware } from '@better-auth/core/api';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';
import { weakPasswordProblem } from './weak-password.ts';

/** Every better-auth endpoint that sets a password, and the body field that carries it. */
const passwordFields: Record<string, string> = {
  '/sign-up/email': 'password',
  '/reset-password': 'newPassword',
  '/change-password': 'newPassword',
  '/admin/create-user': 'password',
  '/admin/set-user-password': 'newPassword',
};

/**
 * The platform's password rule (`@lifeosai/identity/password-policy`, plus the common-password
 * list) before any endpoint that sets a password runs. A refusal is `400 PASSWORD_TOO_WEAK`
 * whose message says what is wrong and what a good password looks like; nothing is written.
 */
export function passwordPolicyPlugin() {
  return {
    id: 'lifeosai-password-policy',
    hooks: {
      before: [
        {
          matcher: (context) => Object.hasOwn(passwordFields, context.path ?? ''),
          handler: createAuthMiddleware(async (context) => {
            const field = passwordFields[context.path]!;
            const value = (context.body as Record<string, unknown> | undefined)?.[field];
            // A missing or non-string password is better-auth's own validation error.
            if (typeof value !== 'string') return;
            const problem = weakPasswordProblem(value);
            if (problem) {
              throw APIError.from('BAD_REQUEST', {
                code: errorCodes.PASSWORD_TOO_WEAK.code,
                message: problem,
              });
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
