import { createWhatsAppChannel } from '@lifeosai/channel-whatsapp';
import { text } from '@lifeosai/testkit/fake-llm';
import { createFakeWhatsApp, fakeWhatsAppMessage } from '@lifeosai/testkit/fake-whatsapp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConnection } from '../testing/channel-seed.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';

/**
 * WhatsApp through the runtime, on the real WhatsApp package and the fake socket: the login
 * stream (status, QR, linked), the auth state stored encrypted in the database, a message
 * answered, and the connection stopped within a second when it is disabled.
 */
describe('a WhatsApp connection', () => {
  const whatsapp = createFakeWhatsApp();
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform('sqlite', {
      channelDrivers: [createWhatsAppChannel({ socketFactory: whatsapp.factory })],
    });
  }, 60_000);
  afterAll(() => platform?.close());

  it('streams the QR until linked, answers a message, keeps its state encrypted and stops when disabled', async () => {
    const created = await platform.call('POST', '/api/agent/agents', {
      name: 'Wendy',
      adapterType: 'pi',
      adapterConfig: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    });
    const connectionId = await seedConnection(
      platform.database.db,
      { orgId: alice.orgId, agentId: created.body.id },
      { type: 'whatsapp' },
    );
    const abort = new AbortController();
    const events: unknown[] = [];
    const watching = (async () => {
      for await (const event of platform.channels.watchLogin(connectionId, abort.signal)) events.push(event);
    })();
    await platform.channels.changed(connectionId);
    const socket = await whatsapp.socket(1);
    socket.emitQr('QR-ONE');
    await until(() => events.some((event) => JSON.stringify(event) === JSON.stringify({ qr: 'QR-ONE' })));
    socket.emitCredsUpdate({ me: { id: '33612345678:1@s.whatsapp.net' }, secret: 'SIGNAL-KEY-MATERIAL' });
    socket.open('+33612345678');
    await watching;
    expect(events[0]).toMatchObject({ status: 'connecting' });
    expect(events.at(-1)).toMatchObject({ status: 'connected' });
    const state = await platform.database.db.selectFrom('channelState').selectAll().execute();
    expect(state.length).toBeGreaterThan(0);
    expect(JSON.stringify(state)).not.toContain('SIGNAL-KEY-MATERIAL');

    platform.fake.on((call) => call.lastUserText.includes('WA-HELLO'), text('*Hello* from Wendy.'));
    socket.emitMessages([fakeWhatsAppMessage({ from: '+33699999999', text: 'WA-HELLO' })]);
    await until(() => socket.sent.some((sent) => JSON.stringify(sent).includes('Hello')), 20_000);

    await platform.database.db
      .updateTable('channelConnections')
      .set({ enabled: false })
      .where('id', '=', connectionId)
      .execute();
    const stoppedAt = Date.now();
    await platform.channels.changed(connectionId);
    await until(() => !platform.channels.localConnectionIds().includes(connectionId), 2_000);
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    const row = await platform.database.db
      .selectFrom('channelConnections')
      .selectAll()
      .where('id', '=', connectionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'stopped', accountId: expect.any(String) });
  }, 60_000);
});

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
