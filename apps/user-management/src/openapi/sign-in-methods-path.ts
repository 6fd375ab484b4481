import { jsonResponse, type Operation } from './schema-helpers.ts';

/** `GET /api/auth/methods`: the auth service's own route (not better-auth's), reached through the gateway. */
export const signInMethodsPath: Record<string, Record<string, Operation>> = {
  '/api/auth/methods': {
    get: {
      tags: ['Auth'],
      summary: 'How people can sign in here (public)',
      description:
        'For the sign-in page: no session needed, never any client id or secret. `social` lists only providers ' +
        'that are configured and usable now (Google first). `passwordReset` is false when reset mail would reach ' +
        'nobody (no mail server outside local mode). `mailOutbox`: local mode without a mail server, where links ' +
        'are not mailed but wait for the instance admin (`GET /api/admin/outbox`) and in the terminal.',
      operationId: 'getSignInMethods',
      security: [],
      responses: {
        '200': jsonResponse('The sign-in methods.', {
          type: 'object',
          required: ['emailAndPassword', 'requireEmailVerification', 'passwordReset', 'social', 'mailOutbox'],
          properties: {
            emailAndPassword: { const: true },
            requireEmailVerification: { type: 'boolean' },
            passwordReset: { type: 'boolean' },
            social: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: {
                    enum: ['google', 'microsoft'],
                    description: 'For `POST /api/auth/sign-in/social {provider}`.',
                  },
                  name: { enum: ['Google', 'Microsoft'] },
                },
              },
            },
            mailOutbox: { type: 'boolean' },
          },
        }),
      },
    },
  },
};
