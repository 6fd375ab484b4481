import { errorResponse, jsonBody, jsonResponse, type Operation } from './schema-helpers.ts';

const credentials = {
  type: 'object',
  required: ['email', 'password'],
  properties: { email: { type: 'string', format: 'email' }, password: { type: 'string' } },
};
const sessionSet = {
  description: 'Signed in: the session cookie is set.',
  headers: { 'Set-Cookie': { schema: { type: 'string' } } },
};
const publicRoute: unknown[] = [];

/** The basics of the auth service (better-auth), reached as `/api/auth/*`. */
export const authPaths: Record<string, Record<string, Operation>> = {
  '/api/auth/sign-up/email': {
    post: {
      tags: ['Auth'],
      summary: 'Create an account (the first one on an install becomes instance admin)',
      operationId: 'signUpEmail',
      security: publicRoute,
      requestBody: jsonBody({
        ...credentials,
        required: ['name', 'email', 'password'],
        properties: { name: { type: 'string' }, ...credentials.properties },
      }),
      responses: {
        '200': sessionSet,
        '400': errorResponse('Invalid input.'),
        '422': errorResponse('The email is taken.'),
        '429': errorResponse('RATE_LIMITED.'),
      },
    },
  },
  '/api/auth/sign-in/email': {
    post: {
      tags: ['Auth'],
      summary: 'Sign in with email and password',
      operationId: 'signInEmail',
      security: publicRoute,
      requestBody: jsonBody(credentials),
      responses: {
        '200': sessionSet,
        '401': errorResponse('Wrong email or password.'),
        '429': errorResponse('RATE_LIMITED.'),
      },
    },
  },
  '/api/auth/get-session': {
    get: {
      tags: ['Auth'],
      summary: 'The current session and user (null when signed out)',
      operationId: 'getSession',
      security: publicRoute,
      responses: { '200': jsonResponse('Session or null.') },
    },
  },
  '/api/auth/sign-out': {
    post: {
      tags: ['Auth'],
      summary: 'Sign out (clears the cookie)',
      operationId: 'signOut',
      responses: { '200': jsonResponse('Signed out.') },
    },
  },
  '/api/auth/sign-in/social': {
    post: {
      tags: ['Auth'],
      summary: 'Start Google or Microsoft sign-in (when configured)',
      operationId: 'signInSocial',
      security: publicRoute,
      requestBody: jsonBody({
        type: 'object',
        required: ['provider'],
        properties: { provider: { enum: ['google', 'microsoft'] }, callbackURL: { type: 'string' } },
      }),
      responses: { '200': jsonResponse('Where to send the browser ({url, redirect}).') },
    },
  },
  '/api/auth/organization/get-invitation': {
    get: {
      tags: ['Auth'],
      summary: 'An invitation, for the person it was sent to (what the emailed link shows)',
      operationId: 'getInvitation',
      parameters: [
        {
          name: 'id',
          in: 'query',
          required: true,
          description: 'Invitation id.',
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': jsonResponse('The invitation with the organization it is for.', {
          type: 'object',
          properties: {
            id: { type: 'string' },
            email: { type: 'string' },
            role: { enum: ['owner', 'admin', 'member'] },
            status: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
            organizationId: { type: 'string' },
            organizationName: { type: 'string' },
            inviterEmail: { type: 'string' },
          },
        }),
        '400': errorResponse('Unknown, cancelled, already used or expired.'),
        '401': errorResponse('Not signed in.'),
        '403': errorResponse('YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION: sent to another address.'),
      },
    },
  },
  '/api/auth/organization/set-active': {
    post: {
      tags: ['Auth'],
      summary: "Switch the session's active organization (every request is scoped to it)",
      operationId: 'setActiveOrganization',
      requestBody: jsonBody({
        type: 'object',
        required: ['organizationId'],
        properties: { organizationId: { type: 'string' } },
      }),
      responses: {
        '200': jsonResponse('The organization, now active.'),
        '403': errorResponse('Not a member of it.'),
      },
    },
  },
};
