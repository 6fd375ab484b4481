import {
  agentListSchema,
  attachmentSchema,
  forkSessionBody,
  harnessEnvironmentQuery,
  inboxItemBody,
  inboxListSchema,
  listRunsQuery,
  listSessionsQuery,
  patchSessionBody,
  permissionAnswerBody,
  permissionAnswerSchema,
  pushDeviceListSchema,
  pushDeviceSchema,
  pushKeySchema,
  putPushSubscriptionBody,
  runEventsPageSchema,
  runEventsQuery,
  runPageSchema,
  sessionPageSchema,
  sessionSummarySchema,
  startedRunSchema,
  startRunBody,
  uploadAttachmentBody,
  usageQuery,
} from '@lifeosai/api-contract';
import { usageRangeQuery } from '@lifeosai/http-kit';
import './contract-components.ts';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  queryParams,
  ref,
  schemaOf,
} from './schema-helpers.ts';

const id = (kind: string) => pathParam('id', `${kind} id.`);
const notFound = errorResponse("Unknown, or another organization's.");
/** A conversation the caller may not read answers like one that does not exist. */
const unreadable = errorResponse(
  "Unknown, another organization's, or a private agent's conversation another member started.",
);
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
const response = (description: string, schema: Parameters<typeof schemaOf>[0]) =>
  jsonResponse(description, schemaOf(schema, 'output'));

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
      responses: { '200': response('Agents.', agentListSchema), ...privateErrors },
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
      requestBody: jsonBody(schemaOf(startRunBody)),
      responses: {
        '202': response('Queued.', startedRunSchema),
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
      requestBody: jsonBody(schemaOf(inboxItemBody)),
      responses: { '201': jsonResponse('Added.', ref('InboxItem')), ...privateErrors, '404': notFound },
    },
    get: {
      tags: ['Agents'],
      summary: "An agent's inbox",
      operationId: 'listInbox',
      parameters: [id('Agent')],
      responses: {
        '200': response('Items, by due time.', inboxListSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/agents/{id}/sessions': {
    get: {
      tags: ['Sessions'],
      summary: "An agent's conversations the caller may read, latest activity first",
      description:
        "A private agent's conversations are their authors'; its creator and the organization's admins also " +
        'read those no person started (heartbeat, channel, phone). Shared with the organization, every ' +
        "member reads all. `q` keeps those whose title or one of the user's messages contains it (any case).",
      operationId: 'listSessions',
      parameters: [id('Agent'), ...queryParams(listSessionsQuery)],
      responses: {
        '200': response('A page of conversations.', sessionPageSchema),
        '400': errorResponse('INVALID_REQUEST: a bad `limit`, `q` or `cursor`.'),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/agents/{id}/attachments': {
    post: {
      tags: ['Agents'],
      summary: 'Give the agent a file: written into its workspace under attachments/ (at most 512 KiB)',
      operationId: 'addAttachment',
      parameters: [id('Agent')],
      requestBody: jsonBody(schemaOf(uploadAttachmentBody)),
      responses: {
        '201': response('Written; `path` is relative to the workspace.', attachmentSchema),
        ...privateErrors,
        '404': notFound,
        '413': errorResponse('FILE_TOO_LARGE: larger than 512 KiB once decoded.'),
      },
    },
  },
  '/api/agent/harnesses': {
    get: {
      tags: ['Agents'],
      summary: 'Registered harnesses with their own metadata, and whether runs are sandboxed',
      description:
        '`sandboxed: false` (bubblewrap missing in local mode, or `LIFEOSAI_SANDBOX=off`) comes with what is wrong and what to do.',
      operationId: 'listHarnesses',
      responses: { '200': jsonResponse('Harnesses.', ref('HarnessList')), ...privateErrors },
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
      parameters: [id('Harness'), ...queryParams(harnessEnvironmentQuery)],
      responses: {
        '200': jsonResponse('The report.', ref('EnvironmentReport')),
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
      parameters: [...queryParams(usageRangeQuery), ...queryParams(usageQuery)],
      responses: {
        '200': jsonResponse('Usage.', ref('UsageReport')),
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
      parameters: queryParams(listRunsQuery),
      responses: { '200': response('A page of runs.', runPageSchema), ...privateErrors },
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
      parameters: [id('Run'), ...queryParams(runEventsQuery)],
      responses: {
        '200': response('Events.', runEventsPageSchema),
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
        {
          name: 'after',
          in: 'query',
          required: false,
          description: 'Replay after this seq (when no Last-Event-ID is sent).',
          schema: { type: 'integer', minimum: 0 },
        },
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
      requestBody: jsonBody(schemaOf(permissionAnswerBody)),
      responses: {
        '202': response('Recorded.', permissionAnswerSchema),
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
      responses: { '200': jsonResponse('The session.', ref('Session')), ...privateErrors, '404': unreadable },
    },
    patch: {
      tags: ['Sessions'],
      summary: 'Rename a conversation',
      description:
        'A JSON merge patch: `title` renames it; `title: null` goes back to the title derived from its first message.',
      operationId: 'updateSession',
      parameters: [id('Session')],
      requestBody: jsonBody(schemaOf(patchSessionBody)),
      responses: {
        '200': response('The conversation as the list shows it.', sessionSummarySchema),
        '400': errorResponse('INVALID_REQUEST: the body names the field.'),
        ...privateErrors,
        '404': unreadable,
      },
    },
  },
  '/api/agent/sessions/{id}/fork': {
    post: {
      tags: ['Sessions'],
      summary: 'Fork a conversation into a new session of the same agent',
      description:
        "The new session's conversation is the original's up to and including `atRunId` (absent: its last finished run); the original is untouched. Its first run starts from a copy of the harness's native session at that point. Any member of the organization may fork.",
      operationId: 'forkSession',
      parameters: [id('Session')],
      requestBody: jsonBody(schemaOf(forkSessionBody)),
      responses: {
        '201': jsonResponse('The new session, with the conversation it starts from.', ref('Session')),
        '400': errorResponse(
          "FORK_UNSUPPORTED (the agent's harness cannot fork), RUN_NOT_IN_SESSION, or invalid input.",
        ),
        ...privateErrors,
        '404': errorResponse("Unknown session or run, or another organization's."),
        '409': errorResponse('RUN_NOT_FINISHED: the run is still queued or running.'),
      },
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
  '/api/agent/push/key': {
    get: {
      tags: ['Push'],
      summary: "The instance's VAPID public key (the browser's `applicationServerKey`)",
      operationId: 'getPushKey',
      responses: {
        '200': response('The public key.', pushKeySchema),
        ...privateErrors,
        '503': errorResponse('PUSH_NOT_CONFIGURED: cloud mode without LIFEOSAI_VAPID_* keys.'),
      },
    },
  },
  '/api/agent/push/subscriptions': {
    get: {
      tags: ['Push'],
      summary: "The caller's own devices that receive notifications (never their keys)",
      operationId: 'listPushDevices',
      responses: { '200': response('Devices, newest first.', pushDeviceListSchema), ...privateErrors },
    },
    put: {
      tags: ['Push'],
      summary: "Register this device's push subscription, or change which events it hears about",
      description:
        "Keyed by the subscription's endpoint: sending it again updates the device (and makes it the caller's). Events: `permission_request` (a run asks before a tool), `run_finished` (shown only when no window of the app is visible), `sender_approval` (a channel sender waits for approval).",
      operationId: 'putPushDevice',
      requestBody: jsonBody(schemaOf(putPushSubscriptionBody)),
      responses: {
        '200': response('The device.', pushDeviceSchema),
        '400': errorResponse('Invalid subscription or events.'),
        ...privateErrors,
        '503': errorResponse('PUSH_NOT_CONFIGURED: cloud mode without LIFEOSAI_VAPID_* keys.'),
      },
    },
  },
  '/api/agent/push/subscriptions/{id}': {
    delete: {
      tags: ['Push'],
      summary: 'Stop notifying one of your devices',
      operationId: 'deletePushDevice',
      parameters: [id('Device')],
      responses: {
        '204': jsonResponse('Removed.'),
        ...privateErrors,
        '404': errorResponse('Not one of your devices.'),
      },
    },
  },
};
