import {
  agentSchema,
  apiKeyListSchema,
  createdApiKeySchema,
  createPhoneNumberBody,
  errorBodySchema,
  eventTypes,
  invitationListSchema,
  memberListSchema,
  memberSchema,
  meSchema,
  organizationListSchema,
  secretListSchema,
  secretSchema,
  startRunBody,
} from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { componentOf, schemaOf } from './schema-helpers.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('sqlite');
}, 60_000);

afterAll(async () => stack?.close());

describe('the API description', () => {
  it('is an OpenAPI 3.1 document covering the gateway, the Agent API and auth basics', async () => {
    const response = await stack.client().get('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.json;
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    for (const path of [
      '/api/auth/sign-in/email',
      '/api/keys',
      '/api/secrets/{name}',
      '/api/models/{provider}/test',
      '/api/files/{id}/content',
      '/api/orgs/current/members/{memberId}',
      '/api/agent/agents',
      '/api/agent/runs/{id}/stream',
      '/api/agent/sessions/{id}',
      '/api/agent/sessions/{id}/fork',
      '/api/agent/agents/{id}/sessions',
      '/api/admin/users',
      '/api/admin/orgs',
      '/api/admin/usage',
      '/api/admin/outbox',
      '/api/auth/methods',
      '/api/agent/agents/{id}/phone-numbers',
      '/api/agent/phone-numbers/{id}/pairings/{code}/approve',
      '/api/agent/calls/{id}',
      '/api/phone/twilio/voice',
    ]) {
      expect(paths).toContain(path);
    }
    // Every $ref resolves.
    const refs = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const name of new Set(refs)) expect(document.components.schemas).toHaveProperty(name!);
  });

  it("describes the Agent API with the contract's schemas, every event type included", async () => {
    const document = (await stack.client().get('/api/openapi.json')).json;
    const startRun = document.paths['/api/agent/agents/{id}/runs'].post;
    expect(startRun.requestBody.content['application/json'].schema).toEqual(schemaOf(startRunBody));
    expect(document.components.schemas.Agent).toEqual(componentOf(agentSchema, 'output'));
    type Member = { oneOf?: Member[]; properties?: { type?: { const?: string } } };
    const typeOf = (member: Member): string | undefined =>
      (member.oneOf?.[0] ?? member).properties?.type?.const;
    const documented = (document.components.schemas.UnifiedEvent.oneOf as Member[]).map(typeOf);
    expect(documented).toEqual(eventTypes);
  });

  it('describes the phone routes with the contract’s shapes, the voice webhook as public and form-encoded', async () => {
    const document = (await stack.client().get('/api/openapi.json')).json;
    const addNumber = document.paths['/api/agent/agents/{id}/phone-numbers'].post;
    expect(addNumber.requestBody.content['application/json'].schema).toEqual(schemaOf(createPhoneNumberBody));
    expect(addNumber['x-min-role']).toBe('admin');
    const voice = document.paths['/api/phone/twilio/voice'].post;
    expect(voice.security).toEqual([]);
    expect(Object.keys(voice.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(Object.keys(voice.responses['200'].content)).toEqual(['text/xml']);
  });

  it("answers keys and secrets in the contract's shapes", async () => {
    const { client } = await stack.signUp('Contract');
    const created = await client.post('/api/secrets', { name: 'contract', value: 'v1' });
    expect(created.status).toBe(201);
    expectContract(secretSchema, created.json);
    expectContract(secretSchema, (await client.put('/api/secrets/contract', { value: 'v2' })).json);
    expectContract(secretListSchema, (await client.get('/api/secrets')).json);
    expectContract(
      errorBodySchema,
      (await client.post('/api/secrets', { name: 'contract', value: 'v' })).json,
    );
    const key = await client.post('/api/keys', { name: 'contract key' });
    expect(key.status).toBe(201);
    expectContract(createdApiKeySchema, key.json);
    expectContract(apiKeyListSchema, (await client.get('/api/keys')).json);
  });

  it("answers organizations, members and invitations in the contract's shapes", async () => {
    const { client, email } = await stack.signUp('Organizer');
    expectContract(organizationListSchema, (await client.get('/api/orgs')).json);
    const members = (await client.get('/api/orgs/current/members')).json;
    expectContract(memberListSchema, members);
    const self = members.items.find((member: { email: string }) => member.email === email);
    const unchanged = await client.patch(`/api/orgs/current/members/${self.id}`, { role: 'owner' });
    expect(unchanged.status, unchanged.text).toBe(200);
    expectContract(memberSchema, unchanged.json);
    const invited = await client.post('/api/orgs/current/invitations', { email: 'new@example.test' });
    expect(invited.status, invited.text).toBe(201);
    expectContract(invitationListSchema, (await client.get('/api/orgs/current/invitations')).json);
  });

  it("answers who is calling in the contract's shape, by session and by API key", async () => {
    const { client } = await stack.signUp('Caller');
    expectContract(meSchema, (await client.get('/api/me')).json);
    const key = (await client.post('/api/keys', { name: 'me' })).json.key;
    const viaKey = stack.client();
    viaKey.apiKey = key;
    const me = (await viaKey.get('/api/me')).json;
    expect(me.via).toBe('api-key');
    expectContract(meSchema, me);
  });

  it('documents every route the gateway serves itself', async () => {
    const document = (await stack.client().get('/api/openapi.json')).json;
    for (const [path, methods] of Object.entries(document.paths as Record<string, object>)) {
      if (path.startsWith('/api/auth/') || path.startsWith('/api/agent/')) continue;
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(
          stack.gateway.app.hasRoute({ method: method.toUpperCase() as 'GET', url }),
          `${method} ${url}`,
        ).toBe(true);
      }
    }
  });

  it('is readable at /api/docs as one page that loads nothing from elsewhere', async () => {
    const page = await stack.client().get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('/api/secrets/{name}');
    expect(page.text).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
