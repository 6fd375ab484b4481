import { randomBytes } from 'node:crypto';
import {
  insertChatHistory,
  insertPendingCallers,
  insertPendingSenders,
  insertPhoneCall,
} from '@lifeosai/agent-api/testing';
import { testDialects } from '@lifeosai/testkit/databases';
import { createSubscriptionKeys } from '@lifeosai/testkit/fake-push';
import { zip } from '@lifeosai/testkit/plugin-archives';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from './testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser, webOrigin } from './testing/test-stack.ts';
import { tryUpgrade } from './testing/upgrade-client.ts';

type Persona = 'anonymous' | 'member' | 'admin' | 'owner' | 'outsider';
const personas: Persona[] = ['anonymous', 'member', 'admin', 'owner', 'outsider'];

/** What the rows need: org A (owner, admin, member) and its resources, and an outsider who owns org B. */
interface Fixture {
  stack: TestStack;
  users: Record<Exclude<Persona, 'anonymous'>, TestUser>;
  memberId: string;
  secretName: string;
  fileId: string;
  agentId: string;
  /** A conversation of org A's agent (its first run may still be going). */
  sessionId: string;
  /** Org A's agent's WhatsApp channel, one of its chats, and its Telegram channel. */
  channelId: string;
  chatId: string;
  telegramChannelId: string;
  /** A phone number org A's agent answers, and a phone call to it (no person's conversation). */
  phoneNumberId: string;
  callId: string;
}

interface Row {
  method: string;
  /** The route as registered (for the coverage check). */
  route: string;
  /** The concrete path; called once per persona, so destructive rows get a fresh target each time. */
  path?: (fixture: Fixture) => Promise<string> | string;
  body?: () => unknown;
  upload?: boolean;
  /** A raw body and its content type (a plugin archive). */
  raw?: () => { type: string; bytes: Uint8Array<ArrayBuffer> };
  expected: [anonymous: number, member: number, admin: number, owner: number, outsider: number];
}

const unique = () => randomBytes(4).toString('hex');
let pluginVersions = 0;
/** A plugin bundle of a version not installed yet. */
const pluginArchive = () => ({
  type: 'application/zip',
  bytes: zip([
    { path: 'lifeosai-plugin.json', data: `{"name":"matrix-plugin","version":"1.0.${++pluginVersions}"}` },
  ]) as Uint8Array<ArrayBuffer>,
});

/** Org A's owner creates what destructive rows then act on. */
const fresh = {
  async member(fixture: Fixture) {
    const victim = await fixture.stack.signUp('Victim');
    return (await fixture.stack.join(fixture.users.owner, victim, 'member')).memberId;
  },
  async invitation(fixture: Fixture) {
    const created = await fixture.users.owner.client.post('/api/orgs/current/invitations', {
      email: `invitee-${unique()}@example.test`,
    });
    return created.json.id as string;
  },
  async key(fixture: Fixture) {
    return (await fixture.users.owner.client.post('/api/keys', { name: `key-${unique()}` })).json
      .id as string;
  },
  async secret(fixture: Fixture) {
    const name = `doomed-${unique()}`;
    await fixture.users.owner.client.post('/api/secrets', { name, value: `value-${unique()}` });
    return name;
  },
  /** An OAuth connection org A's owner made (GitHub: revoking it calls no provider). */
  async connection(fixture: Fixture) {
    const id = `oac_${unique()}`;
    const now = new Date().toISOString();
    await fixture.stack.database.db
      .insertInto('oauthConnections')
      .values({
        id,
        orgId: fixture.users.owner.personalOrgId,
        provider: 'github',
        account: 'octocat',
        scopes: '["repo"]',
        accessToken: 'sealed',
        refreshToken: null,
        expiresAt: null,
        status: 'active',
        lastError: null,
        createdBy: fixture.users.owner.userId,
        createdAt: now,
        updatedAt: now,
        refreshedAt: null,
        revokedAt: null,
      })
      .execute();
    return id;
  },
  async provider(fixture: Fixture) {
    await fixture.users.owner.client.put('/api/models/google', { defaultModel: 'gemini-2.5-flash' });
    return 'google';
  },
  /** A device for notifications, as a browser's `PushSubscription.toJSON()` describes it. */
  pushDevice() {
    const keys = createSubscriptionKeys();
    return {
      subscription: {
        endpoint: `https://push.example.test/${unique()}`,
        keys: { p256dh: keys.p256dh, auth: keys.auth },
      },
      events: ['permission_request'],
    };
  },
  async pushDeviceId(fixture: Fixture) {
    return (await fixture.users.owner.client.put('/api/agent/push/subscriptions', fresh.pushDevice())).json
      .id as string;
  },
  async channel(fixture: Fixture) {
    return (
      await fixture.users.owner.client.post(`/api/agent/agents/${fixture.agentId}/channels`, {
        type: 'whatsapp',
      })
    ).json.id as string;
  },
  /** A sender waiting on org A's channel with a code of its own, as the runtime records one. */
  async pairingCode(fixture: Fixture) {
    const code = unique().toUpperCase();
    await insertPendingSenders(fixture.stack.database.db, fixture.channelId, [code]);
    return code;
  },
  /** A number no agent answers yet (E.164, random). */
  phoneNumber() {
    return `+1415${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
  },
  async phoneNumberId(fixture: Fixture) {
    return (
      await fixture.users.owner.client.post(`/api/agent/agents/${fixture.agentId}/phone-numbers`, {
        number: fresh.phoneNumber(),
      })
    ).json.id as string;
  },
  /** A caller waiting on org A's number with a code of its own, as the voice webhook records one. */
  async callerCode(fixture: Fixture) {
    const code = unique().toUpperCase();
    await insertPendingCallers(fixture.stack.database.db, fixture.phoneNumberId, [code]);
    return code;
  },
  async file(fixture: Fixture) {
    return (await fixture.users.owner.client.upload(`/api/files?name=doomed-${unique()}.txt`, 'x.txt', 'bye'))
      .json.id as string;
  },
  async plugin(fixture: Fixture) {
    const { type, bytes } = pluginArchive();
    const installed = await fixture.users.owner.client.request('POST', '/api/plugins', {
      headers: { 'content-type': type },
      raw: bytes,
    });
    return installed.json.id as string;
  },
};

/**
 * Every route × every persona. Expected: anonymous 401 everywhere private; roles below the
 * route's 403; org A's resources are 404 to the outsider (never 403: that would confirm they
 * exist); on routes that act on the caller's own organization the outsider succeeds — in org B.
 */
const rows: Row[] = [
  { method: 'GET', route: '/api/me', expected: [401, 200, 200, 200, 200] },
  { method: 'GET', route: '/api/orgs', expected: [401, 200, 200, 200, 200] },
  { method: 'GET', route: '/api/orgs/current', expected: [401, 200, 200, 200, 200] },
  {
    method: 'PATCH',
    route: '/api/orgs/current',
    body: () => ({ name: `Renamed ${unique()}` }),
    // Each renames its own organization: the outsider org B.
    expected: [401, 403, 200, 200, 200],
  },
  {
    method: 'DELETE',
    route: '/api/orgs/current',
    body: () => ({ confirm: 'not the name' }),
    // Owners only; org A and org B are their owners' personal organizations, which cannot be
    // deleted (403 PERSONAL_ORGANIZATION). Deleting one for real: org-settings.test.ts.
    expected: [401, 403, 403, 403, 403],
  },
  { method: 'GET', route: '/api/orgs/current/members', expected: [401, 200, 200, 200, 200] },
  {
    method: 'PATCH',
    route: '/api/orgs/current/members/:memberId',
    path: (fixture) => `/api/orgs/current/members/${fixture.memberId}`,
    body: () => ({ role: 'member' }),
    expected: [401, 403, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/orgs/current/members/:memberId',
    path: async (fixture) => `/api/orgs/current/members/${await fresh.member(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  { method: 'GET', route: '/api/orgs/current/invitations', expected: [401, 403, 200, 200, 200] },
  {
    method: 'POST',
    route: '/api/orgs/current/invitations',
    body: () => ({ email: `new-${unique()}@example.test`, role: 'member' }),
    expected: [401, 403, 201, 201, 201],
  },
  {
    method: 'DELETE',
    route: '/api/orgs/current/invitations/:id',
    path: async (fixture) => `/api/orgs/current/invitations/${await fresh.invitation(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'POST',
    route: '/api/orgs/invitations/:id/accept',
    // Addressed to somebody else: nobody may take it.
    path: async (fixture) => `/api/orgs/invitations/${await fresh.invitation(fixture)}/accept`,
    expected: [401, 404, 404, 404, 404],
  },
  { method: 'GET', route: '/api/keys', expected: [401, 200, 200, 200, 200] },
  { method: 'POST', route: '/api/keys', body: () => ({ name: 'ci' }), expected: [401, 201, 201, 201, 201] },
  {
    method: 'DELETE',
    route: '/api/keys/:id',
    // Keys are personal: the owner's key is nobody else's to see or revoke.
    path: async (fixture) => `/api/keys/${await fresh.key(fixture)}`,
    expected: [401, 404, 404, 204, 404],
  },
  { method: 'GET', route: '/api/secrets', expected: [401, 200, 200, 200, 200] },
  {
    method: 'POST',
    route: '/api/secrets',
    body: () => ({ name: `new-${unique()}`, value: `value-${unique()}` }),
    expected: [401, 403, 201, 201, 201],
  },
  {
    method: 'PUT',
    route: '/api/secrets/:name',
    path: (fixture) => `/api/secrets/${fixture.secretName}`,
    body: () => ({ value: `rotated-${unique()}` }),
    expected: [401, 403, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/secrets/:name',
    path: async (fixture) => `/api/secrets/${await fresh.secret(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  { method: 'GET', route: '/api/oauth/providers', expected: [401, 200, 200, 200, 200] },
  {
    method: 'POST',
    route: '/api/oauth/:provider/connect',
    path: () => '/api/oauth/github/connect',
    body: () => ({}),
    expected: [401, 200, 200, 200, 200],
  },
  {
    // Public: the provider sends the browser here; without a good state it lands on the settings page.
    method: 'GET',
    route: '/api/oauth/:provider/callback',
    path: () => '/api/oauth/github/callback?state=forged&code=x',
    expected: [302, 302, 302, 302, 302],
  },
  { method: 'GET', route: '/api/oauth/connections', expected: [401, 200, 200, 200, 200] },
  {
    method: 'DELETE',
    route: '/api/oauth/connections/:id',
    // Its creator (the owner) or an admin; a plain member of the org may not.
    path: async (fixture) => `/api/oauth/connections/${await fresh.connection(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  { method: 'GET', route: '/api/models', expected: [401, 200, 200, 200, 200] },
  {
    method: 'GET',
    route: '/api/models/:provider',
    path: () => '/api/models/openai',
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'PUT',
    route: '/api/models/:provider',
    path: () => '/api/models/anthropic',
    body: () => ({ defaultModel: 'claude-sonnet-4-6' }),
    expected: [401, 403, 200, 200, 200],
  },
  {
    method: 'DELETE',
    route: '/api/models/:provider',
    path: async (fixture) => `/api/models/${await fresh.provider(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'POST',
    route: '/api/models/:provider/test',
    path: () => '/api/models/openai/test',
    expected: [401, 403, 200, 200, 200],
  },
  { method: 'GET', route: '/api/files', expected: [401, 200, 200, 200, 200] },
  { method: 'POST', route: '/api/files', upload: true, expected: [401, 201, 201, 201, 201] },
  {
    method: 'GET',
    route: '/api/files/:id',
    path: (fixture) => `/api/files/${fixture.fileId}`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'GET',
    route: '/api/files/:id/content',
    path: (fixture) => `/api/files/${fixture.fileId}/content`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/files/:id',
    // A member deletes only their own uploads; this one is the owner's.
    path: async (fixture) => `/api/files/${await fresh.file(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  { method: 'GET', route: '/api/plugins', expected: [401, 200, 200, 200, 200] },
  // Admins and owners install; the outsider installs in org B.
  { method: 'POST', route: '/api/plugins', raw: pluginArchive, expected: [401, 403, 201, 201, 201] },
  {
    method: 'DELETE',
    route: '/api/plugins/:id',
    path: async (fixture) => `/api/plugins/${await fresh.plugin(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: () => '/api/agent/agents',
    expected: [401, 200, 200, 200, 200],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: () => '/api/agent/agents',
    body: () => ({ name: `agent-${unique()}`, adapterType: 'pi' }),
    // Members use agents; admins and owners create, change and delete them.
    expected: [401, 403, 201, 201, 201],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'PATCH',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}`,
    body: () => ({ instructions: 'Be brief.' }),
    expected: [401, 403, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/agent/*',
    path: async (fixture) => {
      const created = await fixture.users.owner.client.post('/api/agent/agents', {
        name: `doomed-${unique()}`,
        adapterType: 'pi',
      });
      return `/api/agent/agents/${created.json.id as string}`;
    },
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/inbox`,
    body: () => ({ text: 'Check the build.' }),
    expected: [401, 201, 201, 201, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/attachments`,
    body: () => ({ name: 'notes.txt', contentType: 'text/plain', contentBase64: 'aGk=' }),
    // Like starting a run: every member may give the agent a file.
    expected: [401, 201, 201, 201, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/sessions/${fixture.sessionId}/fork`,
    body: () => ({}),
    // Like starting a run: every member may fork a conversation they may read — and the owner's
    // conversation with a private agent is the owner's alone: 404 (not 403) to the others.
    expected: [401, 404, 404, 201, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/sessions`,
    // Everyone in the organization may list; each sees only what they may read.
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/sessions/${fixture.sessionId}`,
    expected: [401, 404, 404, 200, 404],
  },
  {
    method: 'PATCH',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/sessions/${fixture.sessionId}`,
    body: () => ({ title: `Renamed ${unique()}` }),
    expected: [401, 404, 404, 200, 404],
  },
  {
    method: 'PATCH',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}`,
    // Sharing its conversations: the creator (here the owner) or an admin.
    body: () => ({ visibility: 'private' }),
    expected: [401, 403, 200, 200, 404],
  },
  // Channels: reading follows the agent, changing them is editing it (admins and owners);
  // chats follow the conversation rule (this agent is private: its creator and the admins).
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/channels`,
    body: () => ({ type: 'whatsapp' }),
    expected: [401, 403, 201, 201, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/channels`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'PATCH',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/channels/${fixture.channelId}`,
    body: () => ({ senders: 'pairing' }),
    expected: [401, 403, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/agent/*',
    path: async (fixture) => `/api/agent/channels/${await fresh.channel(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/channels/${fixture.channelId}/pairings`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: async (fixture) =>
      `/api/agent/channels/${fixture.channelId}/pairings/${await fresh.pairingCode(fixture)}/approve`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: async (fixture) =>
      `/api/agent/channels/${fixture.channelId}/pairings/${await fresh.pairingCode(fixture)}/deny`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    // A Telegram channel has no login (409 once allowed); WhatsApp's is a stream (channels.test.ts).
    path: (fixture) => `/api/agent/channels/${fixture.telegramChannelId}/login`,
    expected: [401, 403, 409, 409, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/channels/${fixture.telegramChannelId}/login`,
    body: () => ({ phoneNumber: '+33 6 12 34 56 78' }),
    expected: [401, 403, 409, 409, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/channels/${fixture.channelId}/chats`,
    expected: [401, 404, 200, 200, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/channels/${fixture.channelId}/chats/${fixture.chatId}/messages`,
    expected: [401, 404, 200, 200, 404],
  },
  // Phone numbers: reading follows the agent, adding, removing and deciding callers is editing it;
  // calls follow the conversation rule (a phone call has no author: the agent's creator and admins).
  {
    method: 'POST',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/phone-numbers`,
    body: () => ({ number: fresh.phoneNumber() }),
    expected: [401, 403, 201, 201, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/agents/${fixture.agentId}/phone-numbers`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'DELETE',
    route: '/api/agent/*',
    path: async (fixture) => `/api/agent/phone-numbers/${await fresh.phoneNumberId(fixture)}`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/phone-numbers/${fixture.phoneNumberId}/pairings`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: async (fixture) =>
      `/api/agent/phone-numbers/${fixture.phoneNumberId}/pairings/${await fresh.callerCode(fixture)}/approve`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'POST',
    route: '/api/agent/*',
    path: async (fixture) =>
      `/api/agent/phone-numbers/${fixture.phoneNumberId}/pairings/${await fresh.callerCode(fixture)}/deny`,
    expected: [401, 403, 204, 204, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    // Everyone in the organization may list; each sees only the calls they may read.
    path: (fixture) => `/api/agent/calls?agentId=${fixture.agentId}`,
    expected: [401, 200, 200, 200, 404],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: (fixture) => `/api/agent/calls/${fixture.callId}`,
    expected: [401, 404, 200, 200, 404],
  },
  // Devices for push notifications are personal, like API keys: each person's own, in any organization.
  {
    method: 'GET',
    route: '/api/agent/*',
    path: () => '/api/agent/push/key',
    expected: [401, 200, 200, 200, 200],
  },
  {
    method: 'GET',
    route: '/api/agent/*',
    path: () => '/api/agent/push/subscriptions',
    expected: [401, 200, 200, 200, 200],
  },
  {
    method: 'PUT',
    route: '/api/agent/*',
    path: () => '/api/agent/push/subscriptions',
    body: () => fresh.pushDevice(),
    expected: [401, 200, 200, 200, 200],
  },
  {
    method: 'DELETE',
    route: '/api/agent/*',
    path: async (fixture) => `/api/agent/push/subscriptions/${await fresh.pushDeviceId(fixture)}`,
    expected: [401, 404, 404, 204, 404],
  },
  // Instance-wide: only the instance admin, who is org A's owner (the first account); the
  // outsider owns org B and is not. The admin's API keys are refused too (admin-routes.test.ts).
  { method: 'GET', route: '/api/admin/users', expected: [401, 403, 403, 200, 403] },
  { method: 'GET', route: '/api/admin/orgs', expected: [401, 403, 403, 200, 403] },
  { method: 'GET', route: '/api/admin/usage', expected: [401, 403, 403, 200, 403] },
  { method: 'GET', route: '/api/admin/outbox', expected: [401, 403, 403, 200, 403] },
  { method: 'GET', route: '/api/admin/impersonations', expected: [401, 403, 403, 200, 403] },
  {
    method: 'PATCH',
    route: '/api/admin/users/:id',
    path: (fixture) => `/api/admin/users/${fixture.users.member.userId}`,
    body: () => ({ disabled: false }),
    expected: [401, 403, 403, 200, 403],
  },
  {
    method: 'GET',
    route: '/api/admin/orgs/:orgId/members',
    path: (fixture) => `/api/admin/orgs/${fixture.users.owner.personalOrgId}/members`,
    expected: [401, 403, 403, 200, 403],
  },
  {
    method: 'PATCH',
    route: '/api/admin/orgs/:orgId/members/:memberId',
    path: (fixture) => `/api/admin/orgs/${fixture.users.owner.personalOrgId}/members/${fixture.memberId}`,
    body: () => ({ role: 'member' }),
    expected: [401, 403, 403, 200, 403],
  },
  // Public: Telegram proves itself with the webhook's secret token, not a session or key; an
  // unknown channel is a 404 whoever calls (the secret check: channels-gateway.test.ts).
  {
    method: 'POST',
    route: '/api/channels/telegram/:channelId/webhook',
    path: () => `/api/channels/telegram/chn_${unique()}/webhook`,
    body: () => ({ update_id: 1, message: { message_id: 1, chat: { id: 1, type: 'private' }, text: 'hi' } }),
    expected: [404, 404, 404, 404, 404],
  },
  // Public: Twilio signs the form it posts (checked by the Agent API, phone-gateway.test.ts and
  // the phone routes' own tests); no session or key is asked for, so anyone gets the gateway's
  // own answer to a body that is not a form.
  {
    method: 'POST',
    route: '/api/phone/twilio/voice',
    body: () => ({ CallSid: 'CA1' }),
    expected: [415, 415, 415, 415, 415],
  },
  // Billing (on, against the fake Stripe): everyone reads the plan; owners and admins buy and
  // manage it, each in its own organization (the outsider in org B).
  { method: 'GET', route: '/api/billing', expected: [401, 200, 200, 200, 200] },
  {
    method: 'POST',
    route: '/api/billing/checkout',
    body: () => ({ plan: 'pro' }),
    expected: [401, 403, 200, 200, 200],
  },
  { method: 'POST', route: '/api/billing/portal', expected: [401, 403, 200, 200, 200] },
  { method: 'GET', route: '/api/billing/invoices', expected: [401, 403, 200, 200, 200] },
  { method: 'GET', route: '/api/admin/billing', expected: [401, 403, 403, 200, 403] },
  // Public: Stripe signs the body (billing.test.ts); no signature is a 400 whoever calls.
  {
    method: 'POST',
    route: '/api/billing/stripe/webhook',
    body: () => ({ id: 'evt_1', object: 'event', type: 'customer.subscription.updated' }),
    expected: [400, 400, 400, 400, 400],
  },
  { method: 'GET', route: '/api/openapi.json', expected: [200, 200, 200, 200, 200] },
  { method: 'GET', route: '/api/docs', expected: [200, 200, 200, 200, 200] },
  { method: 'GET', route: '/healthz', expected: [200, 200, 200, 200, 200] },
  // Other services' only, with the service token (the Agent API's verifier fetches it with one).
  { method: 'GET', route: '/internal/jwks', expected: [401, 401, 401, 401, 401] },
];

describe.each(testDialects)('authorization on %s', (dialect) => {
  let fixture: Fixture;

  beforeAll(async () => {
    const stack = await startTestStack(dialect, {
      billing: true,
      oauth: { providers: { github: { clientId: 'matrix', clientSecret: 'env:GITHUB_SECRET' } }, env: {} },
    });
    // The first account: org A's owner is also the instance admin.
    const owner = await stack.signUp('Owner');
    const admin = await stack.signUp('Admin');
    const member = await stack.signUp('Member');
    const outsider = await stack.signUp('Outsider');
    await stack.join(owner, admin, 'admin');
    const { memberId } = await stack.join(owner, member, 'member');
    const secretName = `shared-${unique()}`;
    await owner.client.post('/api/secrets', { name: secretName, value: `shared-value-${unique()}` });
    const file = await owner.client.upload('/api/files?name=reports/q1.txt', 'q1.txt', 'quarterly numbers');
    await owner.client.put('/api/models/openai', {
      baseUrl: stack.fake.openAiBaseUrl,
      apiKey: 'sk-org-a-key',
    });
    const agent = await owner.client.post('/api/agent/agents', { name: 'org A agent', adapterType: 'pi' });
    const run = await owner.client.post(`/api/agent/agents/${agent.json.id as string}/runs`, {
      prompt: 'Hello.',
    });
    // Org B has resources of the same kinds, so "not in the list" is not "the list is empty".
    await outsider.client.post('/api/secrets', { name: `b-${unique()}`, value: `b-value-${unique()}` });
    await outsider.client.upload('/api/files', 'org-b-file.txt', 'org b');
    await outsider.client.post('/api/agent/agents', { name: 'org B agent', adapterType: 'pi' });
    const channel = await owner.client.post(`/api/agent/agents/${agent.json.id as string}/channels`, {
      type: 'whatsapp',
    });
    const telegramChannel = await owner.client.post(`/api/agent/agents/${agent.json.id as string}/channels`, {
      type: 'telegram',
      botToken: stack.telegram.createBot().token,
    });
    const phoneNumber = await owner.client.post(
      `/api/agent/agents/${agent.json.id as string}/phone-numbers`,
      {
        number: fresh.phoneNumber(),
      },
    );
    fixture = {
      stack,
      users: { owner, admin, member, outsider },
      memberId,
      secretName,
      fileId: file.json.id,
      agentId: agent.json.id,
      sessionId: run.json.sessionId,
      channelId: channel.json.id,
      chatId: await insertChatHistory(stack.database.db, channel.json.id),
      telegramChannelId: telegramChannel.json.id,
      phoneNumberId: phoneNumber.json.id,
      callId: await insertPhoneCall(stack.database.db, {
        orgId: owner.personalOrgId,
        agentId: agent.json.id,
      }),
    };
  }, 120_000);

  afterAll(async () => fixture?.stack.close());

  const clientOf = (persona: Persona): TestClient =>
    persona === 'anonymous' ? fixture.stack.client() : fixture.users[persona].client;

  it.each(rows.map((row) => [`${row.method} ${row.route}${row.path ? ' (…)' : ''}`, row] as const))(
    '%s',
    async (_name, row) => {
      const actual: Record<string, number> = {};
      for (const persona of personas) {
        const client = clientOf(persona);
        const path = row.path ? await row.path(fixture) : row.route;
        const raw = row.raw?.();
        const response = row.upload
          ? await client.upload(`/api/files?name=matrix-${unique()}.txt`, 'm.txt', 'matrix')
          : raw
            ? await client.request(row.method, path, {
                headers: { 'content-type': raw.type },
                raw: raw.bytes,
              })
            : await client.request(row.method, path, { body: row.body?.() });
        actual[persona] = response.status;
        if (response.status >= 400) {
          // Every refusal in the contract's shape.
          expect(response.json?.error?.code, `${persona} ${row.method} ${path}`).toMatch(/^[A-Z][A-Z0-9_]*$/);
          expect(typeof response.json.error.message).toBe('string');
        }
      }
      const expected = Object.fromEntries(personas.map((persona, index) => [persona, row.expected[index]]));
      expect(actual).toEqual(expected);
    },
  );

  it('has a row for every route the gateway serves', () => {
    const served = routesOf(fixture.stack.gateway.app.printRoutes({ commonPrefix: false }));
    const covered = new Set(rows.map((row) => `${row.method} ${row.route}`));
    expect(served.length).toBeGreaterThan(20);
    // HEAD mirrors GET; OPTIONS * is the CORS preflight.
    const missing = served.filter((route) => !covered.has(route) && !/^(HEAD |OPTIONS \*)/.test(route));
    expect(missing).toEqual([]);
    // Wildcard routes are not in the print-out: the proxies are checked by name.
    expect(fixture.stack.gateway.app.hasRoute({ method: 'GET', url: '/api/agent/*' })).toBe(true);
  });

  // WebSocket upgrades pass no Fastify route, so they have their own rows: the gateway asks for an
  // identity on the browser call (the Agent API then decides on the agent: another organization's
  // is a 404 there) and none on Twilio's media stream (bound by its one-time token upstream).
  it('lets only a signed-in caller open a browser call, and takes the media stream from anyone', async () => {
    const gatewayWs = fixture.stack.gatewayUrl.replace(/^http/, 'ws');
    const outcomes: Record<string, number> = {};
    for (const persona of personas) {
      const headers = { ...clientOf(persona).credentialHeaders(), origin: webOrigin };
      for (const path of [`/api/agent/agents/${fixture.agentId}/call`, '/api/phone/twilio/stream']) {
        const outcome = await tryUpgrade(`${gatewayWs}${path}`, headers);
        if ('socket' in outcome) outcome.socket.terminate();
        else if (outcome.status >= 400 && outcome.status !== 404) {
          expect(outcome.error?.code, `${persona} ${path}`).toMatch(/^[A-Z][A-Z0-9_]*$/);
        }
        outcomes[`${persona} ${path.endsWith('/call') ? 'call' : 'stream'}`] = outcome.status;
      }
    }
    // Refused by the gateway: a call without an identity. Everything else reached the Agent API
    // (its answer — a call opened, or refused for the agent — is the phone bridge's to test).
    expect(outcomes['anonymous call']).toBe(401);
    for (const [name, status] of Object.entries(outcomes)) {
      if (name === 'anonymous call') continue;
      expect([101, 400, 404], name).toContain(status);
    }
    expect(outcomes['outsider call']).not.toBe(101);
  });

  it("never lists another organization's resources, in either direction", async () => {
    const { owner, outsider } = fixture.users;
    const lists = [
      '/api/orgs',
      '/api/orgs/current',
      '/api/orgs/current/members',
      '/api/orgs/current/invitations',
      '/api/keys',
      '/api/secrets',
      '/api/models',
      '/api/files',
      '/api/oauth/connections',
      '/api/agent/agents',
      '/api/agent/runs',
    ];
    const ownedBy = async (user: TestUser) => {
      const texts = await Promise.all(lists.map(async (path) => (await user.client.get(path)).text));
      return texts.join('\n');
    };
    const seenByOutsider = await ownedBy(outsider);
    for (const marker of [
      owner.personalOrgId,
      owner.email,
      fixture.users.member.email,
      fixture.secretName,
      fixture.fileId,
      fixture.agentId,
      'org A agent',
      'reports/q1.txt',
    ]) {
      expect(seenByOutsider).not.toContain(marker);
    }
    const seenByOwner = await ownedBy(owner);
    for (const marker of [outsider.personalOrgId, outsider.email, 'org B agent', 'org-b-file.txt']) {
      expect(seenByOwner).not.toContain(marker);
    }
  });
});

/** `METHOD /path` for every route in Fastify's route tree print-out (children are indented 4 per level). */
function routesOf(printed: string): string[] {
  const routes: string[] = [];
  const prefixes: string[] = [];
  for (const line of printed.split('\n')) {
    const match = /^(.*?)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    prefixes.length = depth;
    const path = `${prefixes.join('')}${match[2]}`;
    prefixes.push(match[2]!);
    for (const method of match[3]!.split(', ')) routes.push(`${method} ${path}`);
  }
  return routes;
}
