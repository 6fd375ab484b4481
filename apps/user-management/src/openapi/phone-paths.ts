import {
  callDetailSchema,
  callListQuery,
  callListSchema,
  createPhoneNumberBody,
  phoneNumberListSchema,
  phoneNumberSchema,
  phonePairingListSchema,
  twilioStreamPath,
  twilioVoicePath,
} from '@lifeosai/api-contract';
import {
  errorResponse,
  jsonBody,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  queryParams,
  schemaOf,
} from './schema-helpers.ts';

const tags = ['Phone'];
const id = (kind: string) => pathParam('id', `${kind} id.`);
const code = pathParam('code', 'The pairing code the caller was given (any case).');
const notFound = errorResponse("Unknown, or another organization's.");
const response = (description: string, schema: Parameters<typeof schemaOf>[0]) =>
  jsonResponse(description, schemaOf(schema, 'output'));
/** Admins and owners add and remove numbers and decide callers, as they edit agents (like channels). */
const manage = { 'x-min-role': 'admin' as const };
const pairingDecision = (verdict: 'approve' | 'deny'): Operation => ({
  tags,
  summary: verdict === 'approve' ? 'Let a waiting caller reach the agent' : 'Refuse a waiting caller',
  description:
    verdict === 'approve'
      ? "The caller's next call is answered by the agent (on any of its numbers)."
      : "The caller's calls are refused from now on.",
  operationId: verdict === 'approve' ? 'approvePhoneCaller' : 'denyPhoneCaller',
  ...manage,
  parameters: [id('Phone number'), code],
  responses: {
    '204': jsonResponse('Decided.'),
    '400': errorResponse('A code longer than 32 characters.'),
    ...privateErrors,
    '404': errorResponse('No caller waits with this code on this number (or an unknown number).'),
  },
});
/** The fields of Twilio's voice webhook the platform reads (Twilio sends more; all are signed). */
const twilioVoiceForm = {
  type: 'object',
  properties: {
    CallSid: { type: 'string', description: "Twilio's call id (`CA…`)." },
    From: { type: 'string', description: "The caller's number (E.164), or `anonymous`." },
    To: { type: 'string', description: 'The number called (E.164).' },
  },
  required: ['CallSid', 'From', 'To'],
  additionalProperties: { type: 'string' },
};
const twiml = (description: string) => ({
  description,
  content: { 'text/xml': { schema: { type: 'string', description: 'TwiML (`<Response>…</Response>`).' } } },
});

/** An agent's phone numbers, their waiting callers, its calls, and Twilio's voice webhook (contract: shared/API.md). */
export const phonePaths: Record<string, Record<string, Operation>> = {
  '/api/agent/agents/{id}/phone-numbers': {
    post: {
      tags,
      summary: 'Let the agent answer a phone number (Twilio)',
      description:
        'A number (E.164) answers for one agent across the instance. `callers`: `pairing` (default: a stranger ' +
        'hears that the owner was asked, and waits for approval), `allowlist` (only `allow`), `open` (anyone; ' +
        "rate limits apply). The answer carries `voiceUrl`: paste it in Twilio as the number's voice webhook " +
        '(HTTP POST); it is null until `LIFEOSAI_PUBLIC_URL` is set.',
      operationId: 'createPhoneNumber',
      ...manage,
      parameters: [id('Agent')],
      requestBody: jsonBody(schemaOf(createPhoneNumberBody)),
      responses: {
        '201': response('The number.', phoneNumberSchema),
        '400': errorResponse('Invalid input (a number that is not E.164, an unknown policy, …).'),
        ...privateErrors,
        '404': notFound,
        '409': errorResponse('PHONE_NUMBER_IN_USE: the number answers for an agent already.'),
      },
    },
    get: {
      tags,
      summary: "The agent's phone numbers",
      operationId: 'listPhoneNumbers',
      parameters: [id('Agent')],
      responses: {
        '200': response('Numbers, oldest first.', phoneNumberListSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/phone-numbers/{id}': {
    delete: {
      tags,
      summary: 'Stop answering a phone number',
      description:
        'Callers still waiting on it are forgotten; callers already decided stay with the agent, with their ' +
        'conversations. The number is free for another agent.',
      operationId: 'deletePhoneNumber',
      ...manage,
      parameters: [id('Phone number')],
      responses: { '204': jsonResponse('Removed.'), ...privateErrors, '404': notFound },
    },
  },
  '/api/agent/phone-numbers/{id}/pairings': {
    get: {
      tags,
      summary: 'Callers waiting for approval, each with its code',
      operationId: 'listPhonePairings',
      parameters: [id('Phone number')],
      responses: {
        '200': response('Waiting callers, oldest first.', phonePairingListSchema),
        ...privateErrors,
        '404': notFound,
      },
    },
  },
  '/api/agent/phone-numbers/{id}/pairings/{code}/approve': { post: pairingDecision('approve') },
  '/api/agent/phone-numbers/{id}/pairings/{code}/deny': { post: pairingDecision('deny') },
  '/api/agent/calls': {
    get: {
      tags,
      summary: "An agent's calls (phone and browser), newest first",
      description:
        'A call is as private as its conversation: a browser call is its caller’s, a phone call is read by the ' +
        "agent's creator and the organization's admins — by everyone in it when the agent's visibility is " +
        '`organization`. Others are left out of the list.',
      operationId: 'listCalls',
      parameters: queryParams(callListQuery),
      responses: {
        '200': response('A page of calls.', callListSchema),
        '400': errorResponse('No agentId, a bad limit, or a cursor this list did not give.'),
        ...privateErrors,
        '404': errorResponse("Unknown agent, or another organization's."),
      },
    },
  },
  '/api/agent/calls/{id}': {
    get: {
      tags,
      summary: 'One call with its transcript, its runs and the live voice model’s usage and cost',
      operationId: 'getCall',
      parameters: [id('Call')],
      responses: {
        '200': response('The call.', callDetailSchema),
        ...privateErrors,
        '404': errorResponse('Unknown, another organization’s, or a call the caller may not read.'),
      },
    },
  },
  [twilioVoicePath]: {
    post: {
      tags,
      summary: "Twilio's voice webhook (public; authenticated by Twilio's signature)",
      description:
        'Called by Twilio only, form-encoded, with `X-Twilio-Signature` (HMAC-SHA1 with `TWILIO_AUTH_TOKEN` over ' +
        '`LIFEOSAI_PUBLIC_URL` + this path and query + the sorted form fields), checked before anything else is ' +
        'read. A number no agent answers, or a caller its policy refuses (or over 5 calls in 10 minutes), hears ' +
        'a short `<Say>` then `<Hangup/>` and starts no run. An admitted call is answered with `<Connect ' +
        `action="…${twilioVoicePath}?after=<callId>"><Stream url="wss://…${twilioStreamPath}">\` and a one-time ` +
        '`<Parameter name="token">` binding the stream to its call (`ws://` for an http public URL). With ' +
        '`?after=<callId>` Twilio asks what follows the stream: an apology for a call that failed, else ' +
        '`<Hangup/>`. Bodies up to 64 KiB; no session or API key.',
      operationId: 'twilioVoiceWebhook',
      security: [],
      parameters: [
        {
          name: 'after',
          in: 'query',
          required: false,
          description: 'The call whose stream ended (set by the platform in `<Connect action>`).',
          schema: { type: 'string' },
        },
        {
          name: 'X-Twilio-Signature',
          in: 'header',
          required: true,
          description: "Twilio's request signature.",
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        content: { 'application/x-www-form-urlencoded': { schema: twilioVoiceForm } },
      },
      responses: {
        '200': twiml('TwiML: the call connected to the agent, or a spoken refusal and hang-up.'),
        '400': errorResponse('Signed, but without CallSid, From or To (or a malformed `after`).'),
        '403': errorResponse(
          'TWILIO_SIGNATURE_INVALID: no signature, a wrong one, or no TWILIO_AUTH_TOKEN / LIFEOSAI_PUBLIC_URL set.',
        ),
        '413': errorResponse('BODY_TOO_LARGE.'),
        '415': errorResponse('Not a form (the gateway takes `application/x-www-form-urlencoded` only).'),
      },
    },
  },
};
