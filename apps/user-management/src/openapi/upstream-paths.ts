import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  ref,
} from './schema-helpers.ts';

const id = (kind: string) => pathParam('id', `${kind} id.`);
const notFound = errorResponse("Unknown, or another organization's.");
const page = (item: string, cursor: string) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: ref(item) },
    [cursor]: { type: ['string', 'integer', 'null'] },
  },
});
const eventStream = (description: string) => ({
  description,
  content: {
    'text/event-stream': {
      schema: {
        type: 'string',
        description: 'Frames `id: <seq>` / `event: <type>` / `data: <UnifiedEvent JSON>`.',
      },
    },
  },
});
const query = (name: string, description: string, type = 'string') => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type },
});

const usageAmounts = (extra: Record<string, unknown>) => ({
  type: 'object',
  properties: {
    ...extra,
    runs: { type: 'integer' },
    costUsd: { type: 'number' },
    inputTokens: { type: 'integer' },
    outputTokens: { type: 'integer' },
  },
});

/** The Agent API, reached through the gateway as `/api/agent/*` (contract: shared/API.md). */
export const agentPaths: Record<string, Record<string, Operation>> = {
  '/api/agent/agents': {
    post: {
      tags: ['Agents'],
      summary: 'Create an agent',
      operationId: 'createAgent',
      requestBody: jsonBody(ref('AgentInput')),
      responses: {
        '201': jsonResponse('The agent.', ref('Agent')),
        '400': errorResponse('Invalid input.'),
        ...privateErrors,
      },
    },
    get: {
      tags: ['Agents'],
      summary: "The organization's agents",
      operationId: 'listAgents',
      responses: { '200': jsonResponse('Agents.', page('Agent', 'nextCursor')), ...privateErrors },
    },
  },
  '/api/agent/agents/{id}': {
    get: {
      tags: ['Agents'],
      summary: 'One agent',
      operationId: 'getAgent',
      parameters: [id('Agent')],
      responses: { '200': jsonResponse('The agent.', ref('Agent')), ...privateErrors, '404': notFound },
    },
    patch: {
      tags: ['Agents'],
      summary: 'Change an agent',
      operationId: 'updateAgent',
      parameters: [id('Agent')],
      description:
        'A JSON merge patch (RFC 7396): fields not sent stay as they are, `null` removes one (back to its ' +
        'default), objects merge member by member, arrays are replaced. The merged agent is validated like a ' +
        'create; `status` (`active` | `paused`) pauses or resumes it.',
      requestBody: jsonBody({ type: 'object', description: 'AgentInput fields to change, and `status`.' }),
      responses: { '200': jsonResponse('The agent.', ref('Agent')), ...privateErrors, '404': notFound },
    },
    delete: {
      tags: ['Agents'],
      summary: 'Delete an agent',
      operationId: 'deleteAgent',
      parameters: [id('Agent')],
      responses: {
        '204': jsonResponse('Deleted.'),
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('AGENT_BUSY: a run is queued or running.'),
      },
    },
  },
  '/api/agent/agents/{id}/runs': {
    post: {
      tags: ['Runs'],
      summary: 'Start a run (omit sessionId for a new session)',
      description:
        'The same Idempotency-Key (header or body `idempotencyKey`) for the same agent returns the same run.',
      operationId: 'createRun',
      parameters: [
        id('Agent'),
        { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
      ],
      requestBody: jsonBody({
        type: 'object',
        required: ['prompt'],
        properties: { prompt: { type: 'string' }, sessionId: { type: 'string' } },
      }),
      responses: {
        '202': jsonResponse('Queued.', ref('Run')),
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('AGENT_PAUSED or BUDGET_EXCEEDED.'),
      },
    },
  },
  '/api/agent/agents/{id}/stream': {
    get: {
      tags: ['Runs'],
      summary: 'Live feed of every run of an agent (ids `<runId>:<seq>`)',
      operationId: 'streamAgent',
      parameters: [id('Agent')],
      responses: { '200': eventStream('Never closes on its own.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/agents/{id}/inbox': {
    post: {
      tags: ['Agents'],
      summary: "Leave an item in an agent's inbox (seen at its next heartbeat)",
      operationId: 'addInboxItem',
      parameters: [id('Agent')],
      requestBody: jsonBody({
        type: 'object',
        properties: { text: { type: 'string' }, dueAt: { type: 'string' } },
      }),
      responses: { '201': jsonResponse('Added.'), ...privateErrors, '404': notFound },
    },
    get: {
      tags: ['Agents'],
      summary: "An agent's inbox",
      operationId: 'listInbox',
      parameters: [id('Agent')],
      responses: { '200': jsonResponse('Items.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/harnesses': {
    get: {
      tags: ['Agents'],
      summary: 'Registered harnesses and their capabilities, and whether runs are sandboxed',
      description:
        '`{items: [{id, displayName, capabilities}], runSandbox: {sandboxed, message?, fix?}}`: `sandboxed: false` (bubblewrap missing in local mode, or `LIFEOSAI_SANDBOX=off`) comes with what is wrong and what to do.',
      operationId: 'listHarnesses',
      responses: { '200': jsonResponse('Harnesses.'), ...privateErrors },
    },
  },
  '/api/agent/harnesses/{id}/environment': {
    get: {
      tags: ['Agents'],
      summary: "Whether a harness can run here with the organization's provider keys",
      description:
        "Runs the harness's environment check (binary, versions, keys configured — never their values), " +
        'bounded to 20 s; the report is reused for 30 s per organization and harness, so a UI may poll; ' +
        '`refresh=true` checks again (after fixing something).',
      operationId: 'checkHarnessEnvironment',
      parameters: [
        id('Harness'),
        query('refresh', '`true`: run the check again instead of reusing a report up to 30 s old.'),
      ],
      responses: {
        '200': jsonResponse('The report.', {
          type: 'object',
          required: ['harness', 'ready', 'checkedAt', 'diagnostics'],
          properties: {
            harness: { type: 'string' },
            ready: { type: 'boolean', description: 'No diagnostic is an error.' },
            checkedAt: { type: 'string', format: 'date-time' },
            diagnostics: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'status', 'message'],
                properties: {
                  id: { type: 'string', description: 'Stable kebab-case id of the check.' },
                  status: { enum: ['ok', 'warn', 'error'] },
                  message: { type: 'string' },
                  fix: { type: 'string', description: 'What to do about a warn or error.' },
                },
              },
            },
          },
        }),
        ...privateErrors,
        '404': errorResponse('No harness with this id.'),
      },
    },
  },
  '/api/agent/usage': {
    get: {
      tags: ['Runs'],
      summary: "The organization's runs, spend and tokens per UTC day",
      description:
        'A run counts on the day it was created. Every day of the range is listed (zeros where nothing ran).',
      operationId: 'getUsage',
      parameters: [
        query('from', 'First day, YYYY-MM-DD (default: 29 days before `to`).'),
        query('to', 'Last day, inclusive, YYYY-MM-DD (default: today, UTC). At most 366 days in all.'),
        query('agentId', 'Only this agent.'),
      ],
      responses: {
        '200': jsonResponse('Usage.', {
          type: 'object',
          required: ['from', 'to', 'days', 'totals', 'byAgent'],
          properties: {
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            days: { type: 'array', items: usageAmounts({ date: { type: 'string', format: 'date' } }) },
            totals: usageAmounts({}),
            byAgent: {
              type: 'array',
              description: 'Agents with runs in the range, most expensive first.',
              items: {
                type: 'object',
                properties: {
                  agentId: { type: 'string' },
                  name: { type: 'string' },
                  runs: { type: 'integer' },
                  costUsd: { type: 'number' },
                },
              },
            },
          },
        }),
        '400': errorResponse('INVALID_REQUEST: a malformed day, from after to, or more than 366 days.'),
        ...privateErrors,
      },
    },
  },
  '/api/agent/runs': {
    get: {
      tags: ['Runs'],
      summary: 'Runs, newest first',
      operationId: 'listRuns',
      parameters: [
        query('agentId', 'Only this agent.'),
        query('sessionId', 'Only this session.'),
        query('status', 'Only this status.'),
        query('limit', 'Page size.', 'integer'),
        query('cursor', 'From a previous nextCursor.'),
      ],
      responses: { '200': jsonResponse('A page of runs.', page('Run', 'nextCursor')), ...privateErrors },
    },
  },
  '/api/agent/runs/{id}': {
    get: {
      tags: ['Runs'],
      summary: 'One run',
      operationId: 'getRun',
      parameters: [id('Run')],
      responses: { '200': jsonResponse('The run.', ref('Run')), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/runs/{id}/events': {
    get: {
      tags: ['Runs'],
      summary: "A run's events, in seq order",
      operationId: 'listRunEvents',
      parameters: [
        id('Run'),
        query('after', 'Events after this seq.', 'integer'),
        query('limit', 'Page size.', 'integer'),
      ],
      responses: {
        '200': jsonResponse('Events.', page('UnifiedEvent', 'nextAfter')),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/runs/{id}/stream': {
    get: {
      tags: ['Runs'],
      summary: "A run's events as server-sent events; resumes from Last-Event-ID (or ?after=)",
      operationId: 'streamRun',
      parameters: [
        id('Run'),
        query('after', 'Replay after this seq.', 'integer'),
        { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': eventStream("Closes after the run's terminal result."),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/runs/{id}/cancel': {
    post: {
      tags: ['Runs'],
      summary: 'Cancel a run (it ends as cancelled; its processes are gone)',
      operationId: 'cancelRun',
      parameters: [id('Run')],
      responses: { '200': jsonResponse('The run.', ref('Run')), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/runs/{id}/permissions/{requestId}': {
    post: {
      tags: ['Runs'],
      summary: 'Allow or deny a tool call the run is waiting on (its `permission_request`)',
      description:
        'Accepted once the harness has recorded the answer (`permission_resolved`, `by: "user"`), ' +
        "whichever instance runs the run. A run's own agent token is refused (403): a person decides.",
      operationId: 'answerPermission',
      parameters: [id('Run'), pathParam('requestId', 'The `requestId` of the permission_request event.')],
      requestBody: jsonBody({
        type: 'object',
        required: ['decision'],
        additionalProperties: false,
        properties: {
          decision: { enum: ['allow', 'deny'] },
          message: { type: 'string', maxLength: 2000, description: 'With a denial: what the model is told.' },
        },
      }),
      responses: {
        '202': jsonResponse('Recorded.', {
          type: 'object',
          required: ['runId', 'requestId', 'decision'],
          properties: {
            runId: { type: 'string' },
            requestId: { type: 'string' },
            decision: { enum: ['allow', 'deny'] },
          },
        }),
        '400': errorResponse('INVALID_REQUEST: the body names the field.'),
        ...privateErrors,
        '404': errorResponse("Unknown run (or another organization's), or no such request in the run."),
        '409': errorResponse(
          'PERMISSION_ALREADY_RESOLVED (by a person, the policy or the ask timeout) or RUN_NOT_ACTIVE.',
        ),
        '503': errorResponse(
          'PERMISSION_NOT_DELIVERED: the running instance did not confirm in time; retry.',
        ),
      },
    },
  },
  '/api/agent/sessions/{id}': {
    get: {
      tags: ['Sessions'],
      summary: 'A session with its conversation so far',
      operationId: 'getSession',
      parameters: [id('Session')],
      responses: { '200': jsonResponse('The session.', ref('Session')), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/sessions/{id}/stream': {
    get: {
      tags: ['Sessions'],
      summary: 'Live feed of every run of a session (ids `<runId>:<seq>`)',
      operationId: 'streamSession',
      parameters: [id('Session')],
      responses: { '200': eventStream('Never closes on its own.'), ...privateErrors, '404': notFound },
    },
  },
};

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
