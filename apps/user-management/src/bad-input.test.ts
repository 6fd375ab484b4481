import { request as httpRequest } from 'node:http';
import { sendBytes, sendRaw } from '@lifeosai/testkit/raw-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from './testing/test-stack.ts';

let stack: TestStack;
let owner: TestUser;
/** The ids `AGENT` and `CHANNEL` stand for in the cases' paths: a real agent and its WhatsApp channel. */
const ids = { AGENT: '', CHANNEL: '' };

beforeAll(async () => {
  stack = await startTestStack('sqlite', { billing: true });
  owner = await stack.signUp('Owner');
  ids.AGENT = (await owner.client.post('/api/agent/agents', { name: 'fuzzed', adapterType: 'pi' })).json.id;
  ids.CHANNEL = (
    await owner.client.post(`/api/agent/agents/${ids.AGENT}/channels`, { type: 'whatsapp' })
  ).json.id;
}, 60_000);

afterAll(async () => stack?.close());

interface RawCase {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent without the owner's cookie. */
  anonymous?: boolean;
}

/** Sends exactly this request line and body (no client-side URL normalisation). */
function send(testCase: RawCase): Promise<{ status: number; body: string }> {
  const url = new URL(stack.gatewayUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: testCase.method,
        path: testCase.path.replace(/AGENT|CHANNEL/g, (name) => ids[name as keyof typeof ids]),
        headers: {
          ...(testCase.anonymous ? {} : owner.client.credentialHeaders()),
          ...testCase.headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end(testCase.body);
  });
}

const json = { 'content-type': 'application/json' };

const cases: [string, RawCase][] = [
  ['malformed percent-encoding in a file id', { method: 'GET', path: '/api/files/%ZZ' }],
  ['malformed percent-encoding on the proxy', { method: 'GET', path: '/api/agent/agents/%E0%A4%A' }],
  ['a dot-dot path on the proxy', { method: 'GET', path: '/api/agent/../../internal/jwks' }],
  ['an encoded dot-dot path on the proxy', { method: 'GET', path: '/api/agent/%2e%2e/%2e%2e/healthz' }],
  ['broken JSON', { method: 'POST', path: '/api/secrets', headers: json, body: '{"name":' }],
  ['a JSON array body', { method: 'POST', path: '/api/secrets', headers: json, body: '[]' }],
  ['a JSON null body', { method: 'POST', path: '/api/secrets', headers: json, body: 'null' }],
  ['a JSON string body', { method: 'PUT', path: '/api/models/openai', headers: json, body: '"x"' }],
  ['a wrong type', { method: 'POST', path: '/api/keys', headers: json, body: '{"name":5}' }],
  ['a missing field', { method: 'POST', path: '/api/keys', headers: json, body: '{}' }],
  ['an empty JSON body', { method: 'POST', path: '/api/secrets', headers: json, body: '' }],
  [
    'a huge name',
    {
      method: 'POST',
      path: '/api/secrets',
      headers: json,
      body: JSON.stringify({ name: 'n'.repeat(10_000), value: 'v' }),
    },
  ],
  [
    'a too-large value',
    {
      method: 'POST',
      path: '/api/secrets',
      headers: json,
      body: JSON.stringify({ name: 'big', value: 'v'.repeat(100_000) }),
    },
  ],
  [
    'a body over the JSON limit',
    {
      method: 'POST',
      path: '/api/secrets',
      headers: json,
      body: JSON.stringify({ name: 'x', value: 'v'.repeat(2_000_000) }),
    },
  ],
  [
    'an unsupported content type',
    { method: 'POST', path: '/api/secrets', headers: { 'content-type': 'text/plain' }, body: 'name=x' },
  ],
  [
    'an unknown role',
    { method: 'PATCH', path: '/api/orgs/current/members/abc', headers: json, body: '{"role":"god"}' },
  ],
  [
    'a bad email',
    { method: 'POST', path: '/api/orgs/current/invitations', headers: json, body: '{"email":"nope"}' },
  ],
  ['a bad page size', { method: 'GET', path: '/api/files?limit=abc' }],
  ['a negative page size', { method: 'GET', path: '/api/files?limit=-1' }],
  ['a huge cursor', { method: 'GET', path: `/api/files?cursor=${'c'.repeat(1000)}` }],
  ['a duplicated query parameter', { method: 'GET', path: '/api/files?limit=1&limit=2' }],
  [
    'multipart without a boundary',
    { method: 'POST', path: '/api/files', headers: { 'content-type': 'multipart/form-data' }, body: 'x' },
  ],
  [
    'garbage multipart',
    {
      method: 'POST',
      path: '/api/files',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: 'not multipart at all',
    },
  ],
  [
    'an overwrite flag that is not a boolean',
    {
      method: 'POST',
      path: '/api/files?overwrite=maybe',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz--',
    },
  ],
  [
    'a garbage cookie',
    {
      method: 'GET',
      path: '/api/me',
      anonymous: true,
      headers: { cookie: '%%%;;;=;lifeosai.session_token=%ZZ' },
    },
  ],
  [
    'an empty bearer',
    { method: 'GET', path: '/api/me', anonymous: true, headers: { authorization: 'Bearer' } },
  ],
  [
    'basic auth',
    {
      method: 'GET',
      path: '/api/agent/agents',
      anonymous: true,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    },
  ],
  ['an unknown provider test', { method: 'POST', path: '/api/models/%00/test', headers: json, body: '{}' }],
  [
    'a secret name with a slash',
    { method: 'PUT', path: '/api/secrets/a%2Fb', headers: json, body: '{"value":"v"}' },
  ],
  [
    'an OAuth connect to another site',
    {
      method: 'POST',
      path: '/api/oauth/github/connect',
      headers: json,
      body: '{"returnTo":"//evil.example/steal"}',
    },
  ],
  [
    'an OAuth connect with scopes that are not strings',
    { method: 'POST', path: '/api/oauth/github/connect', headers: json, body: '{"scopes":[{"a":1}]}' },
  ],
  [
    'an OAuth connect to a NUL provider',
    { method: 'POST', path: '/api/oauth/a%00b/connect', headers: json, body: '{}' },
  ],
  [
    'an OAuth connect body that is not JSON',
    { method: 'POST', path: '/api/oauth/github/connect', headers: json, body: '{' },
  ],
  ['revoking a NUL connection id', { method: 'DELETE', path: '/api/oauth/connections/a%00b' }],
  [
    'an agent granted connections that are not strings',
    {
      method: 'POST',
      path: '/api/agent/agents',
      headers: json,
      body: '{"name":"a","adapterType":"pi","connections":[5]}',
    },
  ],
  [
    'an agent granted an unknown connection',
    {
      method: 'PATCH',
      path: '/api/agent/agents/AGENT',
      headers: json,
      body: '{"connections":["oac_unknown"]}',
    },
  ],
  [
    'an agent variable that names a connection it is not granted',
    {
      method: 'PATCH',
      path: '/api/agent/agents/AGENT',
      headers: json,
      body: '{"adapterConfig":{"env":{"GITHUB_TOKEN":"connection:oac_x"}}}',
    },
  ],
  ['a cursor the admin API never issued', { method: 'GET', path: '/api/admin/impersonations?cursor=zzz' }],
  [
    'a cursor of the wrong shape',
    {
      method: 'GET',
      path: `/api/admin/impersonations?cursor=${Buffer.from('[{"a":1},[]]').toString('base64url')}`,
    },
  ],
  ['a zero page size on the admin API', { method: 'GET', path: '/api/admin/impersonations?limit=0' }],
  [
    'impersonation while the operator has not allowed it',
    { method: 'POST', path: '/api/auth/admin/impersonate-user', headers: json, body: '{"userId":{}}' },
  ],
  [
    'malformed percent-encoding in the query of the proxy',
    { method: 'GET', path: '/api/agent/agents?x=%ff' },
  ],
  [
    'malformed percent-encoding in the query of the auth proxy',
    { method: 'GET', path: '/api/auth/get-session?x=%ff' },
  ],
  ['a NUL in a proxied path', { method: 'GET', path: '/api/agent/agents/a%00b' }],
  [
    'an API key name with a right-to-left override',
    { method: 'POST', path: '/api/keys', headers: json, body: JSON.stringify({ name: 'key\u202egnp.exe' }) },
  ],
  [
    'a body over the limit on the Agent API proxy',
    { method: 'POST', path: '/api/agent/agents', headers: json, body: Buffer.alloc(3_000_000, 'a') },
  ],
  [
    'a body over the limit on the auth proxy',
    { method: 'POST', path: '/api/auth/sign-in/email', headers: json, body: Buffer.alloc(3_000_000, 'a') },
  ],
  [
    'a fork at a run id that is not a string',
    { method: 'POST', path: '/api/agent/sessions/ses_x/fork', headers: json, body: '{"atRunId":[1]}' },
  ],
  [
    'a fork at a NUL run id of an unknown session',
    {
      method: 'POST',
      path: '/api/agent/sessions/ses_x/fork',
      headers: json,
      body: '{"atRunId":"a\\u0000b"}',
    },
  ],
  [
    'a fork body that is not JSON',
    { method: 'POST', path: '/api/agent/sessions/%ff/fork', headers: json, body: '{' },
  ],
  [
    'a conversation title that is not a string',
    { method: 'PATCH', path: '/api/agent/sessions/ses_x', headers: json, body: '{"title":["a"]}' },
  ],
  [
    'a conversation title with an unknown field beside it',
    {
      method: 'PATCH',
      path: '/api/agent/sessions/ses_x',
      headers: json,
      body: '{"title":"a","pinned":true}',
    },
  ],
  [
    'a conversation title that is empty',
    { method: 'PATCH', path: '/api/agent/sessions/ses_x', headers: json, body: '{"title":"   "}' },
  ],
  [
    'a conversation patch that is not an object',
    { method: 'PATCH', path: '/api/agent/sessions/ses_x', headers: json, body: '"title"' },
  ],
  [
    'a conversation list cursor that is no cursor',
    { method: 'GET', path: '/api/agent/agents/agt_x/sessions?cursor=%00%ff&limit=2' },
  ],
  [
    'a conversation list with a negative limit and a long search',
    { method: 'GET', path: `/api/agent/agents/agt_x/sessions?limit=-1&q=${'q'.repeat(300)}` },
  ],
  [
    'an agent visibility that is unknown',
    { method: 'PATCH', path: '/api/agent/agents/agt_x', headers: json, body: '{"visibility":"public"}' },
  ],
  [
    'an agent enabling a plugin that does not exist, and one that is not a string',
    {
      method: 'PATCH',
      path: '/api/agent/agents/AGENT',
      headers: json,
      body: '{"plugins":["plg_missing",{"id":1}],"adapterConfig":{"pluginConfig":{"plg_missing":[]}}}',
    },
  ],
  [
    'an agent enabling a plugin that does not exist, with a config',
    {
      method: 'PATCH',
      path: '/api/agent/agents/AGENT',
      headers: json,
      body: '{"plugins":["plg_missing"],"adapterConfig":{"pluginConfig":{"plg_missing":{"a":1}}}}',
    },
  ],
  [
    'a push device whose endpoint is not a URL',
    {
      method: 'PUT',
      path: '/api/agent/push/subscriptions',
      headers: json,
      body: JSON.stringify({ subscription: { endpoint: 'javascript:alert(1)', keys: {} }, events: [] }),
    },
  ],
  [
    'a push device with an unknown event and keys that are not base64url',
    {
      method: 'PUT',
      path: '/api/agent/push/subscriptions',
      headers: json,
      body: JSON.stringify({
        subscription: { endpoint: 'https://push.example.test/x', keys: { p256dh: '\u0000', auth: 7 } },
        events: ['everything'],
      }),
    },
  ],
  [
    'a push device body that is not JSON',
    { method: 'PUT', path: '/api/agent/push/subscriptions', headers: json, body: '{"subscription":' },
  ],
  ['a NUL push device id', { method: 'DELETE', path: '/api/agent/push/subscriptions/a%00b' }],
  [
    'a channel of an unknown type',
    { method: 'POST', path: '/api/agent/agents/AGENT/channels', headers: json, body: '{"type":"signal"}' },
  ],
  [
    'a Telegram channel without a token',
    { method: 'POST', path: '/api/agent/agents/AGENT/channels', headers: json, body: '{"type":"telegram"}' },
  ],
  [
    'a bot token that is not one',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: JSON.stringify({ type: 'telegram', botToken: '123:\u0000'.repeat(50) }),
    },
  ],
  [
    'a bot token of the wrong type',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: '{"type":"telegram","botToken":5}',
    },
  ],
  [
    'a WhatsApp channel with a token',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: '{"type":"whatsapp","botToken":"1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}',
    },
  ],
  [
    'an unknown sender policy',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: '{"type":"whatsapp","senders":"all"}',
    },
  ],
  [
    'a sender id with control characters',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: JSON.stringify({ type: 'whatsapp', allow: ['+33\u202e6', 'a\nb'] }),
    },
  ],
  [
    'too many allowed senders',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/channels',
      headers: json,
      body: JSON.stringify({
        type: 'whatsapp',
        allow: Array.from({ length: 1001 }, (_, index) => String(index)),
      }),
    },
  ],
  [
    'a channel body that is not JSON',
    { method: 'POST', path: '/api/agent/agents/AGENT/channels', headers: json, body: '{' },
  ],
  [
    'a channel body that is an array',
    { method: 'POST', path: '/api/agent/agents/AGENT/channels', headers: json, body: '[]' },
  ],
  ['a malformed channel id', { method: 'PATCH', path: '/api/agent/channels/%ff', headers: json, body: '{}' }],
  ['a NUL channel id', { method: 'DELETE', path: '/api/agent/channels/a%00b' }],
  [
    'a channel patch that is not an object',
    { method: 'PATCH', path: '/api/agent/channels/CHANNEL', headers: json, body: '"x"' },
  ],
  [
    'a channel patch with a wrong type',
    { method: 'PATCH', path: '/api/agent/channels/CHANNEL', headers: json, body: '{"enabled":"yes"}' },
  ],
  [
    'a channel patch with an unknown field',
    { method: 'PATCH', path: '/api/agent/channels/CHANNEL', headers: json, body: '{"type":"telegram"}' },
  ],
  [
    'a null in a channel patch',
    { method: 'PATCH', path: '/api/agent/channels/CHANNEL', headers: json, body: '{"allow":null}' },
  ],
  [
    'a bot token for a WhatsApp channel',
    {
      method: 'PATCH',
      path: '/api/agent/channels/CHANNEL',
      headers: json,
      body: '{"botToken":"1:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}',
    },
  ],
  [
    'a pairing code too long',
    { method: 'POST', path: `/api/agent/channels/CHANNEL/pairings/${'c'.repeat(100)}/approve` },
  ],
  ['an unknown pairing code', { method: 'POST', path: '/api/agent/channels/CHANNEL/pairings/%ff%fe/deny' }],
  ['a NUL pairing code', { method: 'POST', path: '/api/agent/channels/CHANNEL/pairings/a%00b/approve' }],
  [
    'a phone number that is not one',
    {
      method: 'POST',
      path: '/api/agent/channels/CHANNEL/login',
      headers: json,
      body: '{"phoneNumber":"call me"}',
    },
  ],
  [
    'a login without a number',
    { method: 'POST', path: '/api/agent/channels/CHANNEL/login', headers: json, body: '{}' },
  ],
  [
    'a chat history cursor that is not one',
    { method: 'GET', path: '/api/agent/channels/CHANNEL/chats?cursor=%00%ff' },
  ],
  [
    'a chat history page size too big',
    { method: 'GET', path: '/api/agent/channels/CHANNEL/chats?limit=100000' },
  ],
  ['an unknown chat', { method: 'GET', path: '/api/agent/channels/CHANNEL/chats/cht_x/messages?limit=-5' }],
  [
    'a phone number that is not E.164',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: '{"number":"call me"}',
    },
  ],
  [
    'a phone number of the wrong type',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: '{"number":14155550100}',
    },
  ],
  [
    'an unknown caller policy',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: '{"number":"+14155550100","callers":"everyone"}',
    },
  ],
  [
    'an allow list that is not a list of numbers',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: JSON.stringify({ number: '+14155550100', allow: ['+1\u0000', 5] }),
    },
  ],
  [
    'a call length out of range',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: '{"number":"+14155550100","maxCallSeconds":1e308}',
    },
  ],
  [
    'an unknown field on a phone number',
    {
      method: 'POST',
      path: '/api/agent/agents/AGENT/phone-numbers',
      headers: json,
      body: '{"number":"+14155550100","twilioAuthToken":"x"}',
    },
  ],
  [
    'a phone number body that is not JSON',
    { method: 'POST', path: '/api/agent/agents/AGENT/phone-numbers', headers: json, body: '{"number":' },
  ],
  ['a malformed phone number id', { method: 'DELETE', path: '/api/agent/phone-numbers/%ff' }],
  ['a NUL phone number id', { method: 'GET', path: '/api/agent/phone-numbers/a%00b/pairings' }],
  [
    'a caller pairing code too long',
    { method: 'POST', path: `/api/agent/phone-numbers/phn_x/pairings/${'c'.repeat(100)}/approve` },
  ],
  ['an unknown phone number', { method: 'POST', path: '/api/agent/phone-numbers/phn_x/pairings/ABC/deny' }],
  ['a call list without its agent', { method: 'GET', path: '/api/agent/calls' }],
  ['a call list page size too big', { method: 'GET', path: '/api/agent/calls?agentId=AGENT&limit=100000' }],
  [
    'a call list cursor that is not one',
    { method: 'GET', path: '/api/agent/calls?agentId=AGENT&cursor=%ff' },
  ],
  ['a call list for two agents', { method: 'GET', path: '/api/agent/calls?agentId=AGENT&agentId=AGENT' }],
  ['a malformed call id', { method: 'GET', path: '/api/agent/calls/%ff%fe' }],
  ['an unknown call', { method: 'GET', path: `/api/agent/calls/${'x'.repeat(200)}` }],
  [
    'a webhook delivery that is not JSON',
    {
      method: 'POST',
      path: '/api/channels/telegram/CHANNEL/webhook',
      anonymous: true,
      headers: json,
      body: '{"update_id":',
    },
  ],
  [
    'a webhook delivery of the wrong content type',
    {
      method: 'POST',
      path: '/api/channels/telegram/CHANNEL/webhook',
      anonymous: true,
      headers: { 'content-type': 'text/plain', 'x-telegram-bot-api-secret-token': 'x' },
      body: 'hello',
    },
  ],
  [
    'a webhook delivery to a malformed channel id',
    {
      method: 'POST',
      path: '/api/channels/telegram/%ff/webhook',
      anonymous: true,
      headers: json,
      body: '{}',
    },
  ],
  [
    'a webhook delivery over the limit',
    {
      method: 'POST',
      path: '/api/channels/telegram/CHANNEL/webhook',
      anonymous: true,
      headers: json,
      body: JSON.stringify({ update_id: 1, text: 'a'.repeat(400_000) }),
    },
  ],
  [
    'a webhook delivery with a wrong secret and garbage',
    {
      method: 'POST',
      path: '/api/channels/telegram/CHANNEL/webhook',
      anonymous: true,
      headers: { ...json, 'x-telegram-bot-api-secret-token': 'z'.repeat(300) },
      body: '{"update_id":"x","message":[]}',
    },
  ],
  [
    "a voice webhook that is not Twilio's form",
    {
      method: 'POST',
      path: '/api/phone/twilio/voice',
      anonymous: true,
      headers: json,
      body: '{"CallSid":"CA1"}',
    },
  ],
  [
    'a voice webhook with no signature and a garbled form',
    {
      method: 'POST',
      path: '/api/phone/twilio/voice',
      anonymous: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=%ff%00&&=&From=%2&To',
    },
  ],
  [
    'a voice webhook with a forged signature and a NUL',
    {
      method: 'POST',
      path: '/api/phone/twilio/voice?after=%00',
      anonymous: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x'.repeat(500) },
      body: 'CallSid=CA%00&From=%2B1&To=%2B2',
    },
  ],
  [
    'a voice webhook with a malformed query',
    {
      method: 'POST',
      path: '/api/phone/twilio/voice?after=%ff',
      anonymous: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'CallSid=CA1',
    },
  ],
  [
    'a voice webhook over the limit',
    {
      method: 'POST',
      path: '/api/phone/twilio/voice',
      anonymous: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `CallSid=CA1&Junk=${'a'.repeat(80_000)}`,
    },
  ],
  [
    'a plan that is not a string',
    { method: 'POST', path: '/api/billing/checkout', headers: json, body: '{"plan":5}' },
  ],
  [
    'a checkout with a field it does not take',
    {
      method: 'POST',
      path: '/api/billing/checkout',
      headers: json,
      body: '{"plan":"pro","price":"price_x"}',
    },
  ],
  [
    'a plan id with a NUL',
    { method: 'POST', path: '/api/billing/checkout', headers: json, body: '{"plan":"pro\\u0000"}' },
  ],
  [
    'a plan id too long',
    {
      method: 'POST',
      path: '/api/billing/checkout',
      headers: json,
      body: JSON.stringify({ plan: 'p'.repeat(41) }),
    },
  ],
  ['a checkout without a body', { method: 'POST', path: '/api/billing/checkout' }],
  [
    'a checkout body that is an array',
    { method: 'POST', path: '/api/billing/checkout', headers: json, body: '[]' },
  ],
  [
    'a portal request with broken JSON',
    { method: 'POST', path: '/api/billing/portal', headers: json, body: '{' },
  ],
  [
    'a Stripe webhook without a signature, not JSON inside',
    { method: 'POST', path: '/api/billing/stripe/webhook', anonymous: true, headers: json, body: '{"id":' },
  ],
  [
    'a Stripe webhook that is not JSON',
    {
      method: 'POST',
      path: '/api/billing/stripe/webhook',
      anonymous: true,
      headers: { 'content-type': 'text/plain', 'stripe-signature': 't=1,v1=00' },
      body: 'hello',
    },
  ],
  [
    'a Stripe webhook with a garbled signature',
    {
      method: 'POST',
      path: '/api/billing/stripe/webhook',
      anonymous: true,
      headers: { ...json, 'stripe-signature': `t=%ff,v1=${'\u00ff'.repeat(10)},${'x'.repeat(500)}` },
      body: '{"id":"evt_1","object":"event"}',
    },
  ],
  [
    'a Stripe webhook over the limit',
    {
      method: 'POST',
      path: '/api/billing/stripe/webhook',
      anonymous: true,
      headers: { ...json, 'stripe-signature': 't=1,v1=00' },
      body: JSON.stringify({ junk: 'a'.repeat(600 * 1024) }),
    },
  ],
  [
    'a PATCH body that is not an object',
    { method: 'PATCH', path: '/api/orgs/current/members/abc', headers: json, body: '[]' },
  ],
  [
    'an empty organization name',
    { method: 'PATCH', path: '/api/orgs/current', headers: json, body: '{"name":" "}' },
  ],
  [
    'a number as organization name',
    { method: 'PATCH', path: '/api/orgs/current', headers: json, body: '{"name":5}' },
  ],
  [
    'an organization name with a bidi override',
    {
      method: 'PATCH',
      path: '/api/orgs/current',
      headers: json,
      body: JSON.stringify({ name: 'Acme\u202e' }),
    },
  ],
  [
    'an unknown field in an organization patch',
    { method: 'PATCH', path: '/api/orgs/current', headers: json, body: '{"slug":"x"}' },
  ],
  ['an organization delete without a body', { method: 'DELETE', path: '/api/orgs/current' }],
  [
    'a wrong type in the delete confirmation',
    { method: 'DELETE', path: '/api/orgs/current', headers: json, body: '{"confirm":5}' },
  ],
  [
    'a wrong type for disabled',
    { method: 'PATCH', path: '/api/admin/users/x', headers: json, body: '{"disabled":"yes"}' },
  ],
  [
    'an unknown user to disable',
    { method: 'PATCH', path: '/api/admin/users/nobody', headers: json, body: '{"disabled":true}' },
  ],
  [
    'malformed percent-encoding in a user id',
    { method: 'PATCH', path: '/api/admin/users/%ff', headers: json, body: '{}' },
  ],
  ['a NUL in an organization id', { method: 'GET', path: '/api/admin/orgs/a%00b/members' }],
  ['an unknown organization', { method: 'GET', path: '/api/admin/orgs/nowhere/members' }],
  [
    'an unknown role from the instance admin',
    { method: 'PATCH', path: '/api/admin/orgs/x/members/y', headers: json, body: '{"role":"god"}' },
  ],
  [
    'a weak password on sign-up',
    {
      method: 'POST',
      path: '/api/auth/sign-up/email',
      anonymous: true,
      headers: json,
      body: '{"name":"W","email":"weak@example.test","password":"password"}',
    },
  ],
  [
    'a wrong type for a new password',
    {
      method: 'POST',
      path: '/api/auth/change-password',
      headers: json,
      body: '{"currentPassword":"x","newPassword":5}',
    },
  ],
  [
    'a non-JSON body on the auth proxy',
    { method: 'POST', path: '/api/auth/sign-in/email', anonymous: true, headers: json, body: '{' },
  ],
  [
    'a plugin archive that is a gzip header and garbage',
    {
      method: 'POST',
      path: '/api/plugins',
      headers: { 'content-type': 'application/gzip' },
      body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
    },
  ],
  [
    'a plugin archive that is a zip header and garbage',
    {
      method: 'POST',
      path: '/api/plugins',
      headers: { 'content-type': 'application/zip' },
      body: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64, 0xff)]),
    },
  ],
  [
    'an empty plugin archive',
    {
      method: 'POST',
      path: '/api/plugins',
      headers: { 'content-type': 'application/octet-stream' },
      body: '',
    },
  ],
  [
    'a plugin npm spec with a range',
    { method: 'POST', path: '/api/plugins', headers: json, body: '{"npm":"x@^1.0.0"}' },
  ],
  [
    'a plugin npm spec with a URL',
    { method: 'POST', path: '/api/plugins', headers: json, body: '{"npm":"http://evil/x.tgz"}' },
  ],
  ['a plugin install with no body', { method: 'POST', path: '/api/plugins' }],
  [
    'a plugin upload with no file part',
    {
      method: 'POST',
      path: '/api/plugins',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: '--zz\r\ncontent-disposition: form-data; name="x"\r\n\r\ny\r\n--zz--\r\n',
    },
  ],
  ['an unknown plugin id', { method: 'DELETE', path: '/api/plugins/plg_nope' }],
  ['a NUL in a plugin id', { method: 'DELETE', path: '/api/plugins/a%00b' }],
];

it.each([false, true])(
  'refuses a body over the limit on both proxies at once with 413 (chunked: %s)',
  async (chunked) => {
    for (const path of ['/api/agent/agents', '/api/auth/sign-in/email']) {
      const response = await sendRaw({
        origin: stack.gatewayUrl,
        method: 'POST',
        path,
        headers: { ...json, ...owner.client.credentialHeaders() },
        body: Buffer.alloc(10 * 1024 * 1024, 'a'),
        chunked,
      });
      expect(response.status, response.body).toBe(413);
      expect(JSON.parse(response.body).error.code).toBe('BODY_TOO_LARGE');
    }
  },
);

it.each(cases)('answers %s with a 4xx in the contract shape, never a 500', async (_name, testCase) => {
  const response = await send(testCase);
  expect(response.status, response.body).toBeGreaterThanOrEqual(400);
  expect(response.status, response.body).toBeLessThan(500);
  const body = JSON.parse(response.body);
  expect(body.error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  expect(typeof body.error.message).toBe('string');
});

it('answers a signed Stripe webhook that is not an event, or about nothing known, with a 4xx or 200, never a 5xx', async () => {
  const fake = stack.stripe!;
  for (const [payload, expected] of [
    ['{', 400],
    ['{"id":5,"type":"x","created":1,"data":{"object":{}}}', 400],
    [
      '{"id":"evt_fuzz_1","type":"customer.subscription.updated","created":1,"data":{"object":{"id":7}}}',
      200,
    ],
    ['{"id":"evt_fuzz_2","type":"invoice.paid","created":1,"data":{"object":{"parent":null}}}', 200],
    [
      '{"id":"evt_fuzz_3","type":"customer.subscription.deleted","created":1,"data":{"object":{"id":"sub_none"}}}',
      200,
    ],
  ] as const) {
    const { header } = fake.signedPayload(payload);
    const response = await sendRaw({
      origin: stack.gatewayUrl,
      method: 'POST',
      path: '/api/billing/stripe/webhook',
      headers: { ...json, 'stripe-signature': header },
      body: payload,
    });
    expect(response.status, `${payload}: ${response.body}`).toBe(expected);
  }
});

it('refuses an oversize voice webhook sent in chunks with 413', async () => {
  const response = await sendRaw({
    origin: stack.gatewayUrl,
    method: 'POST',
    path: '/api/phone/twilio/voice',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.alloc(1024 * 1024, 'a'),
    chunked: true,
  });
  expect(response.status, response.body).toBe(413);
  expect(JSON.parse(response.body).error.code).toBe('BODY_TOO_LARGE');
});

/** WebSocket handshakes the gateway must refuse with a 4xx (never a 5xx, never a hang). */
const upgradeCases: [name: string, path: string, headers: string][] = [
  ['a malformed %-escape in the call path', '/api/agent/agents/%ff/call', ''],
  ['a NUL in the agent id', '/api/agent/agents/a%00b/call', ''],
  ['an upgrade to a path that takes none', '/api/agent/agents', ''],
  ['a call without credentials', '/api/agent/agents/AGENT/call', 'Origin: http://evil.example\r\n'],
  ['a call with a garbage API key', '/api/agent/agents/AGENT/call', 'Authorization: Bearer \u0001\u0002\r\n'],
  ['a media stream with a bad WebSocket version', '/api/phone/twilio/stream', ''],
];

it.each(upgradeCases)('answers an upgrade with %s with a 4xx', async (_name, path, extra) => {
  const answer = await sendBytes(
    stack.gatewayUrl,
    `GET ${path.replace('AGENT', ids.AGENT)} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: not-a-key\r\nSec-WebSocket-Version: 99\r\n${extra}\r\n`,
  );
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  expect(status, answer).toBeGreaterThanOrEqual(400);
  expect(status, answer).toBeLessThan(500);
});
