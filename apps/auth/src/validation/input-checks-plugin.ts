import type { BetterAuthPlugin } from '@better-auth/core';
import { createAuthMiddleware } from '@better-auth/core/api';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';
import { findNulCharacter, hiddenCharacterIn, hiddenCharacterMessage } from '@lifeosai/http-kit';

/**
 * Fields that are names a person gives, by better-auth endpoint (`data.name` for the endpoints
 * that take their changes under `data`). Each must pass the platform's one name rule.
 */
const nameFields: Record<string, string[]> = {
  '/sign-up/email': ['name'],
  '/update-user': ['name'],
  '/organization/create': ['name', 'slug'],
  '/organization/update': ['data.name', 'data.slug'],
  '/organization/invite-member': ['email'],
  '/api-key/create': ['name'],
  '/api-key/update': ['name'],
  '/admin/create-user': ['name'],
  '/admin/update-user': ['data.name'],
};

function fieldValue(body: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | null)?.[key], body);
}

function refused(field: string, problem: string): APIError {
  return APIError.from('BAD_REQUEST', {
    code: errorCodes.INVALID_REQUEST.code,
    message: `${field}: ${problem}`,
  });
}

/**
 * The platform's input rules on better-auth's own endpoints, before any of them runs: no NUL
 * character anywhere in a body or query (Postgres cannot store one), and names — of people,
 * organizations, invitations' addresses, API keys — without control or invisible formatting
 * characters (the same rule, from http-kit, as every other service's names). A refusal is a
 * `400 INVALID_REQUEST` naming the field.
 */
export function inputChecks() {
  return {
    id: 'lifeosai-input-checks',
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (context) => {
            for (const [where, value] of [
              ['body', context.body],
              ['query', context.query],
            ] as const) {
              const field = findNulCharacter(value);
              if (field !== undefined) {
                throw refused(field === 'value' ? where : field, 'contains a NUL character; remove it.');
              }
            }
            for (const field of nameFields[context.path] ?? []) {
              const value = fieldValue(context.body, field);
              if (typeof value === 'string' && hiddenCharacterIn(value)) {
                throw refused(field, hiddenCharacterMessage);
              }
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
