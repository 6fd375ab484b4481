import { serviceToken } from '@lifeosai/secrets';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AnsweringServer, startAnsweringServer } from './testing/answering-server.ts';
import { testStripeSecretKey } from './testing/billing-plans.ts';
import type { TestResponse } from './testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser, testServiceSecret } from './testing/test-stack.ts';

const canaries = {
  secret: 'canary-secret-value-7f3a9c1e',
  rotated: 'canary-rotated-value-b81d44',
  providerKey: 'sk-canary-provider-key-5e2c90',
  overrideKey: 'sk-canary-override-key-0a7f31',
  refusedKey: 'sk-canary-refused-key-66d1e8',
  emailToken: 'canary-verify-token-91c2aa',
  resetToken: 'canary-reset-token-3b7e55',
};

let stack: TestStack;
let owner: TestUser;
let member: TestUser;
let refusing: AnsweringServer;
const responses: TestResponse[] = [];

beforeAll(async () => {
  stack = await startTestStack('sqlite', { billing: true });
  owner = await stack.signUp('Owner');
  member = await stack.signUp('Member');
  await stack.join(owner, member, 'member');
  refusing = await startAnsweringServer(401, { error: { message: 'bad key' } });
}, 60_000);

afterAll(async () => {
  await refusing?.close();
  await stack?.close();
});

async function record(pending: Promise<TestResponse>): Promise<TestResponse> {
  const response = await pending;
  responses.push(response);
  return response;
}

it('never shows a secret or provider key in a response body, header, log line or audit entry', async () => {
  const { client } = owner;
  // Secrets: the whole life cycle, plus the mistakes people make with them.
  expect((await record(client.post('/api/secrets', { name: 'canary', value: canaries.secret }))).status).toBe(
    201,
  );
  expect((await record(client.post('/api/secrets', { name: 'canary', value: canaries.secret }))).status).toBe(
    409,
  );
  // People paste the value where the name goes: the refusal must not echo it.
  await record(client.post('/api/secrets', { name: `${canaries.secret} `, value: canaries.secret }));
  await record(client.post('/api/secrets', { name: 'bad name!', value: canaries.secret }));
  await record(client.post('/api/secrets', { name: 'x', value: [canaries.secret] }));
  await record(client.request('POST', '/api/secrets', { headers: { 'content-type': 'application/json' } }));
  await record(
    fetchAsText(`${stack.gatewayUrl}/api/secrets`, {
      method: 'POST',
      headers: { ...client.credentialHeaders(), 'content-type': 'application/json' },
      body: `{"name":"broken","value":"${canaries.secret}"`,
    }),
  );
  expect((await record(client.put('/api/secrets/canary', { value: canaries.rotated }))).status).toBe(200);
  await record(client.put('/api/secrets/missing', { value: canaries.rotated }));
  await record(member.client.post('/api/secrets', { name: 'member-try', value: canaries.secret }));
  await record(client.get('/api/secrets'));

  // Provider keys: stored, listed, tested (saved, overridden, refused).
  await record(
    client.put('/api/models/openai', { baseUrl: stack.fake.openAiBaseUrl, apiKey: canaries.providerKey }),
  );
  await record(client.put('/api/models/anthropic', { baseUrl: 'not a url', apiKey: canaries.providerKey }));
  await record(client.get('/api/models'));
  await record(client.get('/api/models/openai'));
  expect((await record(client.post('/api/models/openai/test'))).json.ok).toBe(true);
  await record(client.post('/api/models/openai/test', { apiKey: canaries.overrideKey }));
  const refused = await record(
    client.post('/api/models/anthropic/test', { baseUrl: refusing.url, apiKey: canaries.refusedKey }),
  );
  expect(refused.json.error.code).toBe('PROVIDER_AUTH_FAILED');
  expect(refusing.requests.at(-1)?.headers['x-api-key']).toBe(canaries.refusedKey);
  await record(member.client.get('/api/models'));
  await record(member.client.put('/api/models/openai', { apiKey: canaries.providerKey }));

  // One-time tokens in auth links pass through the gateway's logs too.
  await record(stack.client().get(`/api/auth/verify-email?token=${canaries.emailToken}`));
  await record(stack.client().get(`/api/auth/reset-password/${canaries.resetToken}?callbackURL=%2Freset`));

  // Billing talks to Stripe with the secret key and checks webhooks with the signing secret.
  await record(client.get('/api/billing'));
  await record(client.post('/api/billing/checkout', { plan: 'pro' }));
  await record(client.post('/api/billing/checkout', { plan: testStripeSecretKey }));
  await record(client.post('/api/billing/portal'));
  await record(client.get('/api/billing/invoices'));
  await record(client.get('/api/admin/billing'));
  const forged = stack.stripe!.signedPayload('{"id":"evt_x"}', { secret: 'whsec_forged' });
  await record(
    fetchAsText(`${stack.gatewayUrl}/api/billing/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': forged.header },
      body: forged.payload,
    }),
  );

  // The service secret and the tokens derived from it travel on every hop: never into a log or answer.
  const platformSecrets = [
    testServiceSecret,
    serviceToken(testServiceSecret, 'auth'),
    serviceToken(testServiceSecret, 'user-management'),
    testStripeSecretKey,
    stack.stripe!.webhookSecret,
  ];
  const leaks = (text: string) =>
    [...Object.values(canaries), ...platformSecrets].filter((canary) => text.includes(canary));
  for (const response of responses) {
    expect(leaks(response.text), response.text).toEqual([]);
    expect(leaks(JSON.stringify([...response.headers]))).toEqual([]);
  }
  expect(stack.logLines.length).toBeGreaterThan(20);
  expect(stack.logLines.filter((line) => leaks(line).length > 0)).toEqual([]);
  const audit = await stack.database.db.selectFrom('auditLog').selectAll().execute();
  expect(audit.map((entry) => entry.action)).toEqual(
    expect.arrayContaining(['secret.created', 'secret.rotated', 'provider.updated']),
  );
  expect(leaks(JSON.stringify(audit))).toEqual([]);
  // At rest, only ciphertext.
  const stored = await stack.database.db.selectFrom('secrets').select('ciphertext').execute();
  expect(leaks(JSON.stringify(stored))).toEqual([]);
});

async function fetchAsText(url: string, init: RequestInit): Promise<TestResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: undefined, text };
}
