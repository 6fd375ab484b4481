import type { PushMessage } from '@lifeosai/api-contract';
import { newId, nowIso } from '@lifeosai/db';
import { generateVapidKeys } from '@lifeosai/secrets';
import { type FakePushService, startFakePushService } from '@lifeosai/testkit/fake-push';
import {
  inboundCallParams,
  parseTwiml,
  postVoiceWebhook,
  signTwilioRequest,
  twilioSid,
} from '@lifeosai/testkit/fake-twilio';
import { sendRaw } from '@lifeosai/testkit/raw-http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimStreamToken } from '../domain/phone/calls.ts';
import type { AdmittedCall, PhoneRuntime } from '../phone/phone-runtime.ts';
import { phoneReplies } from '../phone/twiml.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

const authToken = 'twilio-test-auth-token-0123456789';
const vapid = generateVapidKeys();
const voicePath = '/api/phone/twilio/voice';

/** The bridge's seam, recording what the webhook asked of it (the bridge itself is tested end to end). */
function recordingPhoneRuntime(): PhoneRuntime & { prepared: AdmittedCall[] } {
  const prepared: AdmittedCall[] = [];
  return {
    prepared,
    prepare: (call) => prepared.push(call),
    attach: () => undefined,
    stop: async () => undefined,
  };
}

// One platform per dialect, each behind another kind of public URL: wss:// and ws:// streams.
describe.each([
  { dialect: 'sqlite', publicUrl: 'https://lifeos.example.test/', streamBase: 'wss://lifeos.example.test' },
  { dialect: 'postgres', publicUrl: 'http://lifeos.local:3000', streamBase: 'ws://lifeos.local:3000' },
] as const)('Twilio voice webhook on $dialect', ({ dialect, publicUrl, streamBase }) => {
  const publicBase = publicUrl.replace(/\/$/, '');
  let platform: TestPlatform;
  let pushService: FakePushService;
  const phone = recordingPhoneRuntime();
  let agentId: string;
  const numbers = { pairing: '+14155550100', allowlist: '+14155550101', open: '+14155550102' };
  let pairingNumberId: string;

  beforeAll(async () => {
    [platform, pushService] = await Promise.all([
      startTestPlatform(dialect, {
        publicUrl,
        twilioAuthToken: authToken,
        phone,
        phoneCallerLimits: { perWindow: 3, windowMs: 60_000 },
        vapid,
      }),
      startFakePushService({ vapidPublicKey: vapid.publicKey }),
    ]);
    // better-auth's membership of the owner, as the auth service keeps it (the push audience reads it).
    const authDb = platform.database.db.withoutPlugins();
    await sql`create table "member" ("id" text primary key, "userId" text not null, "organizationId" text not null, "role" text not null, "createdAt" text not null)`.execute(
      authDb,
    );
    await sql`insert into "member" values (${newId('mem')}, ${alice.userId}, ${'org_a'}, ${'owner'}, ${nowIso()})`.execute(
      authDb,
    );
    agentId = (await platform.call('POST', '/api/agent/agents', { name: 'Front desk', adapterType: 'pi' }))
      .body.id;
    const add = (body: unknown) => platform.call('POST', `/api/agent/agents/${agentId}/phone-numbers`, body);
    pairingNumberId = (await add({ number: numbers.pairing, allow: ['+15550001111'] })).body.id;
    await add({ number: numbers.allowlist, callers: 'allowlist', allow: ['+15550001111'] });
    await add({ number: numbers.open, callers: 'open' });
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
    await pushService?.close();
  });

  /** Posts the webhook as Twilio would, signed over the public URL, sent to the Agent API itself. */
  const webhook = (
    params: Record<string, string>,
    options: { query?: string; signature?: string | null } = {},
  ) =>
    postVoiceWebhook({
      url: `${publicBase}${voicePath}${options.query ?? ''}`,
      sendTo: `${platform.url}${voicePath}${options.query ?? ''}`,
      authToken,
      params,
      ...(options.signature !== undefined && { signature: options.signature }),
    });
  const call = (from: string, to: string, callSid = twilioSid('CA')) =>
    webhook(inboundCallParams({ callSid, from, to }));
  const callRows = (callSid: string) =>
    platform.database.db.selectFrom('calls').selectAll().where('externalId', '=', callSid).execute();
  const runCount = async () =>
    Number(
      (
        await platform.database.db
          .selectFrom('runs')
          .select((eb) => eb.fn.countAll<number>().as('runs'))
          .where('agentId', '=', agentId)
          .executeTakeFirstOrThrow()
      ).runs,
    );

  it('refuses a missing, wrong or misaddressed signature with 403 before reading anything', async () => {
    const callSid = twilioSid('CA');
    // A stranger on the pairing number: a verified call would store a waiting caller and a call.
    const params = inboundCallParams({ callSid, from: '+15559990000', to: numbers.pairing });
    const attempts = [
      await webhook(params, { signature: null }),
      await webhook(params, { signature: '' }),
      await webhook(params, {
        signature: signTwilioRequest('another-token', `${publicBase}${voicePath}`, params),
      }),
      await webhook(params, {
        signature: signTwilioRequest(authToken, `${platform.url}${voicePath}`, params),
      }),
      await webhook(
        { ...params, From: '+15550001111' },
        { signature: signTwilioRequest(authToken, `${publicBase}${voicePath}`, params) },
      ),
      await webhook(params, {
        query: '?after=call_x',
        signature: signTwilioRequest(authToken, `${publicBase}${voicePath}`, params),
      }),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).error.code).toBe('TWILIO_SIGNATURE_INVALID');
    }
    // Garbage of any content type meets the signature check first.
    const garbage = await fetch(`${platform.url}${voicePath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"CallSid":',
    });
    expect(garbage.status).toBe(403);
    const untyped = await sendRaw({
      origin: platform.url,
      method: 'POST',
      path: voicePath,
      body: 'CallSid=CA1',
    });
    expect(untyped.status).toBe(403);
    const oversize = await sendRaw({
      origin: platform.url,
      method: 'POST',
      path: voicePath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `CallSid=CA1&Junk=${'a'.repeat(70_000)}`,
    });
    expect(oversize.status).toBe(413);
    expect(JSON.parse(oversize.body).error.code).toBe('BODY_TOO_LARGE');
    expect(await callRows(callSid)).toEqual([]);
    expect(phone.prepared).toEqual([]);
    const waiting = await platform.database.db.selectFrom('phoneCallers').select('id').execute();
    expect(waiting).toEqual([]);
  });

  it('answers a signed request without the call fields with a 400, never a 5xx', async () => {
    const incomplete: Record<string, string>[] = [
      {},
      { CallSid: 'CA1', From: '+15550001111' },
      { CallSid: 'not a sid!', From: 'x', To: 'y' },
      { CallSid: 'CA1', From: '+1555\u0000', To: '+14155550100' },
      { CallSid: 'CA1', From: '+15550001111', To: `+1${'4'.repeat(200)}` },
    ];
    for (const params of incomplete) {
      const answer = await webhook(params);
      expect(answer.status, JSON.stringify(params)).toBe(400);
      expect(JSON.parse(answer.text).error.code).toBe('INVALID_REQUEST');
    }
    const badAfter = await webhook(inboundCallParams({ callSid: twilioSid('CA'), from: '+1', to: '+1' }), {
      query: `?after=${'x'.repeat(300)}`,
    });
    expect(badAfter.status).toBe(400);
  });

  it('tells a call to an unknown number so, and stores nothing', async () => {
    const callSid = twilioSid('CA');
    const answer = await call('+15550001111', '+14155550199', callSid);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/xml/);
    expect(parseTwiml(answer.text)).toEqual({ say: [phoneReplies.unknownNumber], hangup: true });
    expect(await callRows(callSid)).toEqual([]);
  });

  it('connects an admitted call: the stream URL, a one-time token, the after-URL, and the bridge told', async () => {
    const callSid = twilioSid('CA');
    const answer = await call('+15550001111', numbers.pairing, callSid);
    expect(answer.status).toBe(200);
    const twiml = parseTwiml(answer.text);
    const [row] = await callRows(callSid);
    expect(row).toMatchObject({
      status: 'ringing',
      agentId,
      orgId: 'org_a',
      caller: '+15550001111',
      toNumber: numbers.pairing,
    });
    expect(twiml).toEqual({
      hangup: false,
      connectAction: `${publicBase}${voicePath}?after=${row!.id}`,
      stream: { url: `${streamBase}/api/phone/twilio/stream`, parameters: { token: expect.any(String) } },
    });
    expect(phone.prepared.at(-1)).toEqual({ callId: row!.id, orgId: 'org_a', agentId });
    const token = twiml.stream!.parameters.token!;
    expect(JSON.stringify(row)).not.toContain(token);
    // Twilio retries the webhook: the same row, a fresh token; the first one is void.
    const retry = parseTwiml((await call('+15550001111', numbers.pairing, callSid)).text);
    expect(await callRows(callSid)).toHaveLength(1);
    const retryToken = retry.stream!.parameters.token!;
    expect(retryToken).not.toBe(token);
    expect(await claimStreamToken(platform.database.db, token, 'test-instance')).toBeUndefined();
    expect(await claimStreamToken(platform.database.db, retryToken, 'test-instance')).toMatchObject({
      id: row!.id,
      status: 'in_progress',
    });
    expect(await claimStreamToken(platform.database.db, retryToken, 'test-instance')).toBeUndefined();
    expect(await runCount()).toBe(0);
  });

  it('pairs a stranger: spoken refusal, a refused call and no run, the owner told, then admitted once approved', async () => {
    const device = pushService.subscribe();
    expect(
      (
        await platform.call('PUT', '/api/agent/push/subscriptions', {
          subscription: device.subscription,
          events: ['sender_approval'],
        })
      ).status,
    ).toBe(200);
    const stranger = '+15550003333';
    const callSid = twilioSid('CA');
    const prepared = phone.prepared.length;
    const answer = parseTwiml((await call(stranger, numbers.pairing, callSid)).text);
    expect(answer).toEqual({ say: [phoneReplies.pending], hangup: true });
    expect(await callRows(callSid)).toEqual([
      expect.objectContaining({
        status: 'refused',
        endReason: 'refused: the caller waits for approval',
        streamTokenHash: null,
      }),
    ]);
    expect(phone.prepared).toHaveLength(prepared);
    expect(await runCount()).toBe(0);
    const pairings = await platform.call('GET', `/api/agent/phone-numbers/${pairingNumberId}/pairings`);
    expect(pairings.body.items).toEqual([
      { code: expect.any(String), caller: stranger, requestedAt: expect.any(String) },
    ]);
    const told = await pushService.waitFor((delivery) => delivery.endpoint === device.subscription.endpoint);
    expect(told.json<PushMessage>()).toMatchObject({
      kind: 'sender_approval',
      title: `${stranger} waits for approval`,
      url: `/agents/${agentId}/calls`,
    });
    // Calling again while waiting: the same words, no second notice.
    expect(parseTwiml((await call(stranger, numbers.pairing)).text).say).toEqual([phoneReplies.pending]);
    const { code } = pairings.body.items[0];
    expect(
      (await platform.call('POST', `/api/agent/phone-numbers/${pairingNumberId}/pairings/${code}/approve`))
        .status,
    ).toBe(204);
    expect(parseTwiml((await call(stranger, numbers.pairing)).text).stream).toBeDefined();
    expect(
      pushService.deliveries().filter((delivery) => delivery.endpoint === device.subscription.endpoint),
    ).toHaveLength(1);
  });

  it('refuses a caller off the allow list, a hidden number, and a caller over the rate limit', async () => {
    const refused = parseTwiml((await call('+15550004444', numbers.allowlist)).text);
    expect(refused).toEqual({ say: [phoneReplies.notAllowed], hangup: true });
    expect(parseTwiml((await call('anonymous', numbers.pairing)).text).say).toEqual([
      phoneReplies.hiddenNumber,
    ]);
    const caller = '+15550005555';
    for (let index = 0; index < 3; index++) {
      expect(parseTwiml((await call(caller, numbers.open)).text).stream, `call ${index + 1}`).toBeDefined();
    }
    const limited = twilioSid('CA');
    expect(parseTwiml((await call(caller, numbers.open, limited)).text)).toEqual({
      say: [phoneReplies.rateLimited],
      hangup: true,
    });
    expect(await callRows(limited)).toEqual([
      expect.objectContaining({ status: 'refused', endReason: 'refused: too many calls from this caller' }),
    ]);
    expect(await runCount()).toBe(0);
  });

  it('after the stream ends: an apology for a failed call or one never connected, a plain hang-up otherwise', async () => {
    // Each on the open number from a caller of its own: the rate limit stays out of it.
    let callers = 0;
    const admitted = async () => {
      const callSid = twilioSid('CA');
      const from = `+1555000${String(7000 + callers++)}`;
      await call(from, numbers.open, callSid);
      const [row] = await callRows(callSid);
      return { callSid, id: row!.id, from };
    };
    const after = (target: { callSid: string; id: string; from: string }, callSid = target.callSid) =>
      webhook(inboundCallParams({ callSid, from: target.from, to: numbers.open }), {
        query: `?after=${target.id}`,
      });
    const setStatus = (id: string, status: 'failed' | 'completed') =>
      platform.database.db.updateTable('calls').set({ status }).where('id', '=', id).execute();

    const failed = await admitted();
    await setStatus(failed.id, 'failed');
    const apology = await after(failed);
    expect(apology.contentType).toMatch(/^text\/xml/);
    expect(parseTwiml(apology.text)).toEqual({ say: [phoneReplies.lostLine], hangup: true });

    const completed = await admitted();
    await setStatus(completed.id, 'completed');
    expect(parseTwiml((await after(completed)).text)).toEqual({ hangup: true });

    const neverConnected = await admitted();
    expect(parseTwiml((await after(neverConnected)).text)).toEqual({
      say: [phoneReplies.lostLine],
      hangup: true,
    });
    expect((await callRows(neverConnected.callSid))[0]).toMatchObject({
      status: 'failed',
      endReason: "the call's audio stream never connected",
      streamTokenHash: null,
    });

    // Another call's id, or none of ours: hung up, nothing changed.
    const other = await admitted();
    expect(parseTwiml((await after(other, twilioSid('CA'))).text)).toEqual({ hangup: true });
    expect((await callRows(other.callSid))[0]?.status).toBe('ringing');
    expect(parseTwiml((await after({ ...other, id: 'call_unknown' })).text)).toEqual({
      hangup: true,
    });
  });
});
