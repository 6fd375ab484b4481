import { describe, expect, it } from 'vitest';
import { loadAuthState } from './auth-state.ts';
import { MemoryStateStore, recordingLog } from './test-support.ts';

describe('auth state in the channel state store', () => {
  it('starts new creds, persists every creds update and reads them back with their bytes', async () => {
    const store = new MemoryStateStore();
    const { log } = recordingLog();
    const auth = await loadAuthState(store, log);
    expect(store.values.size).toBe(0);
    expect(auth.state.creds.noiseKey.public).toBeInstanceOf(Uint8Array);
    await auth.saveCreds({ me: { id: '33612345678:3@s.whatsapp.net', lid: '998877:3@lid' } });
    expect(auth.me()).toEqual({ id: '33612345678:3@s.whatsapp.net', lid: '998877:3@lid' });

    const again = await loadAuthState(store, log);
    expect(again.me()).toEqual(auth.me());
    expect(Buffer.from(again.state.creds.noiseKey.private)).toEqual(
      Buffer.from(auth.state.creds.noiseKey.private),
    );
    expect(again.state.creds.registrationId).toBe(auth.state.creds.registrationId);
  });

  it('writes every keys.set through the cache (lid-mapping, device-list, tctoken, deletions)', async () => {
    const store = new MemoryStateStore();
    const { log } = recordingLog();
    const auth = await loadAuthState(store, log);
    const token = Buffer.from([1, 2, 3, 250]);
    await auth.state.keys.set({
      'lid-mapping': { '33612345678': '998877', '998877_reverse': '33612345678' },
      'device-list': { '33612345678': ['0', '3'] },
      tctoken: { '33612345678@s.whatsapp.net': { token, timestamp: '1767225600' } },
      'pre-key': { '1': { public: new Uint8Array([4]), private: new Uint8Array([5]) } },
    });
    expect(store.writes).toBe(1);
    await auth.state.keys.set({ 'pre-key': { '1': null } });
    expect(store.writes).toBe(2);
    expect([...store.values.keys()].sort()).toEqual([
      'baileys7/key/device-list/33612345678',
      'baileys7/key/lid-mapping/33612345678',
      'baileys7/key/lid-mapping/998877_reverse',
      'baileys7/key/tctoken/33612345678@s.whatsapp.net',
    ]);

    const fresh = await loadAuthState(store, log);
    const tokens = await fresh.state.keys.get('tctoken', ['33612345678@s.whatsapp.net', 'unknown']);
    expect(Buffer.from(tokens['33612345678@s.whatsapp.net']!.token)).toEqual(token);
    expect(tokens.unknown).toBeUndefined();
    expect(await fresh.state.keys.get('device-list', ['33612345678'])).toEqual({ '33612345678': ['0', '3'] });
    expect(await fresh.state.keys.get('pre-key', ['1'])).toEqual({});
  });

  it('wipe empties the store and drops writes that come after', async () => {
    const store = new MemoryStateStore();
    const { log } = recordingLog();
    const auth = await loadAuthState(store, log);
    await auth.saveCreds({ me: { id: '1@s.whatsapp.net' } });
    await auth.state.keys.set({ 'device-list': { a: ['1'] } });
    await auth.wipe();
    await auth.saveCreds({ me: { id: '2@s.whatsapp.net' } });
    await auth.state.keys.set({ 'device-list': { b: ['1'] } });
    expect(store.values.size).toBe(0);
  });
});
