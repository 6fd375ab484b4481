import { setTimeout as sleep } from 'node:timers/promises';
import { createFakeWhatsApp } from '@lifeosai/testkit/fake-whatsapp';
import { describe, expect, it } from 'vitest';
import { createWhatsAppChannel } from './driver.ts';
import { testContext } from './test-support.ts';

/** A driver on the fake socket, with short backoffs so the reconnect paths run in ms. */
function setup(reconnect = { initialDelayMs: 20, maxDelayMs: 80, random: () => 0.5 }) {
  const fake = createFakeWhatsApp();
  const made: number[] = [];
  const driver = createWhatsAppChannel({
    socketFactory: (options) => {
      made.push(Date.now());
      return fake.factory(options);
    },
    reconnect,
  });
  const test = testContext();
  const connection = driver.connect(test.context);
  return { fake, made, driver, connection, ...test };
}

describe('WhatsApp login', () => {
  it('shows each QR code, then reports the linked number once open, and persists the creds', async () => {
    const { fake, connection, statuses, state } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.emitQr('qr-one');
    socket.emitQr('qr-two');
    socket.open('+33612345678');
    await expect
      .poll(() => statuses.at(-1))
      .toEqual({
        status: 'connected',
        account: { id: '33612345678', name: '+33612345678' },
      });
    expect(statuses.slice(0, 3)).toEqual([
      { status: 'connecting' },
      { status: 'waiting_for_login', qr: 'qr-one' },
      { status: 'waiting_for_login', qr: 'qr-two' },
    ]);
    await expect
      .poll(() => state.values.get('baileys7/creds') ?? '')
      .toContain('33612345678:7@s.whatsapp.net');
    await connection.stop();
  });

  it('asks for a pairing code once WhatsApp is ready for a login, and returns it', async () => {
    const { fake, connection, statuses } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.pairingCode = 'ABCD2345';
    const code = connection.requestPairingCode!('+33 6 12 34 56 78');
    await sleep(20);
    expect(socket.pairingRequests).toEqual([]);
    socket.emitQr('qr-one');
    await expect(code).resolves.toBe('ABCD2345');
    expect(socket.pairingRequests).toEqual(['33612345678']);
    expect(statuses.at(-1)).toEqual({ status: 'waiting_for_login', pairingCode: 'ABCD2345' });
    await expect(connection.requestPairingCode!('06 12')).rejects.toThrow(/country code/);
    await expect(connection.requestPairingCode!('+33 6 12; drop')).rejects.toThrow(/country code/);
    await connection.stop();
  });

  it('reconnects at once when WhatsApp asks for a restart (515) after linking, then backs off', async () => {
    const { fake, connection, statuses } = setup();
    await connection.start();
    const first = await fake.socket(1);
    first.emitQr('qr');
    first.close(515, 'restart required');
    const second = await fake.socket(2);
    expect(statuses.filter((update) => update.status === 'error')).toEqual([]);
    second.open('+33612345678');
    await expect.poll(() => statuses.at(-1)?.status).toBe('connected');
    second.close(515);
    const third = await fake.socket(3);
    third.close(515);
    await expect.poll(() => statuses.at(-1)).toMatchObject({ status: 'error', retrying: true });
    await fake.socket(4);
    await connection.stop();
  });
});

describe('WhatsApp pairing during a reconnect wait', () => {
  it('opens one socket at once instead of waiting, and the pending reconnect is dropped', async () => {
    const { fake, connection } = setup({ initialDelayMs: 300, maxDelayMs: 300, random: () => 0.999 });
    await connection.start();
    (await fake.socket(1)).close(428);
    const code = connection.requestPairingCode!('+33612345678');
    const second = await fake.socket(2);
    second.emitQr('qr');
    await expect(code).resolves.toBe('FAKE1234');
    await sleep(400);
    expect(fake.sockets).toHaveLength(2);
    await connection.stop();
  });
});

describe('WhatsApp disconnect codes', () => {
  it('logged out (401): wipes the auth state, tells the owner to link again and does not reconnect', async () => {
    const { fake, connection, statuses, state } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.open('+33612345678');
    await expect.poll(() => state.values.size).toBeGreaterThan(0);
    socket.close(401);
    await expect
      .poll(() => statuses.at(-1))
      .toMatchObject({
        status: 'error',
        reason: 'logged_out',
        retrying: false,
        message: expect.stringMatching(/link the number again/i),
      });
    expect(state.values.size).toBe(0);
    socket.emitCredsUpdate({ me: { id: '1@s.whatsapp.net' } });
    await sleep(100);
    expect(state.values.size).toBe(0);
    expect(fake.sockets).toHaveLength(1);
    await connection.stop();
  });

  it('conflict (440): stops and says the session was opened elsewhere', async () => {
    const { fake, connection, statuses } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.open('+33612345678');
    socket.close(440);
    await expect
      .poll(() => statuses.at(-1))
      .toMatchObject({
        status: 'error',
        reason: 'conflict',
        retrying: false,
        message: expect.stringMatching(/opened somewhere else/),
      });
    await sleep(100);
    expect(fake.sockets).toHaveLength(1);
    await connection.stop();
  });

  it('QR codes ran out (408 while waiting): says so and stops waiting; a pairing request starts over', async () => {
    const { fake, connection, statuses } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.emitQr('qr');
    socket.close(408, 'QR refs attempts ended');
    await expect
      .poll(() => statuses.at(-1))
      .toMatchObject({
        status: 'error',
        retrying: false,
        message: expect.stringMatching(/QR code expired/),
      });
    await sleep(100);
    expect(fake.sockets).toHaveLength(1);
    const code = connection.requestPairingCode!('+4915123456789');
    const again = await fake.socket(2);
    again.emitQr('qr-new');
    await expect(code).resolves.toBe('FAKE1234');
    await connection.stop();
  });

  it('a connection lost (408 once linked) is retried like any other close', async () => {
    const { fake, connection, statuses } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.open('+33612345678');
    socket.close(408, 'Connection was lost');
    await expect
      .poll(() => statuses.at(-1))
      .toMatchObject({ status: 'error', retrying: true, reason: 'network' });
    await fake.socket(2);
    await connection.stop();
  });

  it('other closes reconnect with a capped, growing backoff — never a tight loop', async () => {
    const { fake, made, connection, statuses } = setup({
      initialDelayMs: 40,
      maxDelayMs: 160,
      random: () => 0,
    });
    await connection.start();
    const started = Date.now();
    while (Date.now() - started < 600) {
      const socket = fake.latest();
      if (!socket.ended) socket.close(428, 'Connection Terminated');
      await sleep(5);
    }
    await connection.stop();
    const gaps = made.slice(1).map((time, index) => time - made[index]!);
    // Delays 20, 40, 80, 80, … ms (half of 40·2ⁿ capped at 160, no jitter): about 9 in 600 ms.
    expect(made.length).toBeGreaterThanOrEqual(4);
    expect(made.length).toBeLessThanOrEqual(11);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(15);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    const retrying = statuses.filter((update) => update.status === 'error');
    expect(retrying.every((update) => update.status === 'error' && update.retrying)).toBe(true);
  });

  it('stop() ends the socket and no reconnect follows', async () => {
    const { fake, connection, statuses, controller } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.open('+33612345678');
    await connection.stop();
    expect(socket.ended).toBe(true);
    expect(statuses.at(-1)).toEqual({ status: 'stopped' });
    controller.abort();
    await sleep(100);
    expect(fake.sockets).toHaveLength(1);
  });

  it('logout() unlinks the device, wipes the state and stops', async () => {
    const { fake, connection, statuses, state } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    socket.open('+33612345678');
    await expect.poll(() => state.values.size).toBeGreaterThan(0);
    await connection.logout!();
    expect(socket.loggedOut).toBe(true);
    expect(state.values.size).toBe(0);
    expect(statuses.at(-1)).toEqual({ status: 'stopped' });
    expect(statuses.filter((update) => update.status === 'error')).toEqual([]);
    await sleep(100);
    expect(fake.sockets).toHaveLength(1);
  });

  it('the context signal stops the connection', async () => {
    const { fake, connection, statuses, controller } = setup();
    await connection.start();
    const socket = await fake.socket(1);
    controller.abort();
    await expect.poll(() => statuses.at(-1)).toEqual({ status: 'stopped' });
    expect(socket.ended).toBe(true);
  });
});
