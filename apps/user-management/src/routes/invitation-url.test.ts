import { createdInvitationSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

// Local mode without a mail server (the outbox); with one, `url` is null (invitation-link.test.ts).
let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  stack = await startTestStack('sqlite', { mail: 'outbox' });
  owner = await stack.signUp('Owner');
}, 60_000);

afterAll(async () => stack?.close());

it('gives the inviting admin the link the platform could not mail, and nobody else', async () => {
  const created = await owner.client.post('/api/orgs/current/invitations', { email: 'grace@example.test' });
  expect(created.status, created.text).toBe(201);
  expectContract(createdInvitationSchema, created.json);
  expect(created.json.url).toMatch(new RegExp(`/accept-invitation\\?id=${created.json.id}$`));

  // The pending list and anonymous callers never see it.
  const listed = await owner.client.get('/api/orgs/current/invitations');
  expect(listed.text).not.toContain('accept-invitation');
  const anonymous = await stack.client().post('/api/orgs/current/invitations', { email: 'eve@example.test' });
  expect(anonymous.status).toBe(401);
  expect(anonymous.text).not.toContain('accept-invitation');
});
