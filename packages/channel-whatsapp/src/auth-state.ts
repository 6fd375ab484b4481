import type { ChannelLog, ChannelStateStore } from '@lifeosai/channel-spec';
import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from 'baileys';

/**
 * Baileys' auth state kept in the platform's encrypted `ChannelStateStore`, never in files.
 * Values are Baileys' own JSON (`BufferJSON`), under keys prefixed with the format's version:
 * Baileys 8 changes the format, and a later package can tell old entries from its own.
 */
const PREFIX = 'baileys7/';
const CREDS_KEY = `${PREFIX}creds`;
const signalKey = (type: string, id: string) => `${PREFIX}key/${type}/${id}`;

/** The auth state plus what the driver does with it. */
export interface StoredAuthState {
  /** What `makeWASocket` takes: creds and a cached key store writing through to the store. */
  state: AuthenticationState;
  /** Merges a `creds.update` into the creds and persists them (writes are serialised). */
  saveCreds(update: Record<string, unknown>): Promise<void>;
  /** The linked number's JIDs, once known (`me.id` is `<digits>:<device>@s.whatsapp.net`). */
  me(): { id: string; lid?: string } | undefined;
  /** Wipes the stored state (logged out); later writes of this state are dropped. */
  wipe(): Promise<void>;
}

/** Loads the auth state of one connection, or starts a new one (`initAuthCreds`). */
export async function loadAuthState(store: ChannelStateStore, log: ChannelLog): Promise<StoredAuthState> {
  const stored = (await store.get([CREDS_KEY]))[CREDS_KEY];
  const creds: AuthenticationCreds = stored ? JSON.parse(stored, BufferJSON.reviver) : initAuthCreds();
  let wiped = false;
  // One write at a time, in order: two creds snapshots written concurrently could land in the
  // wrong order, and a key write must never overtake the creds it belongs with.
  let writes: Promise<void> = Promise.resolve();
  const write = (entries: Record<string, string | null>) => {
    const next = writes.then(() => (wiped ? undefined : store.set(entries)));
    writes = next.catch(() => undefined);
    return next;
  };

  const keys: SignalKeyStore = {
    async get(type, ids) {
      const found = await store.get(ids.map((id) => signalKey(type, id)));
      const result: Record<string, SignalDataTypeMap[typeof type]> = {};
      for (const id of ids) {
        const raw = found[signalKey(type, id)];
        if (raw === undefined) continue;
        let value = JSON.parse(raw, BufferJSON.reviver);
        if (type === 'app-state-sync-key') value = proto.Message.AppStateSyncKeyData.fromObject(value);
        result[id] = value;
      }
      return result;
    },
    async set(data: SignalDataSet) {
      const entries: Record<string, string | null> = {};
      for (const [type, values] of Object.entries(data)) {
        for (const [id, value] of Object.entries(values ?? {})) {
          entries[signalKey(type, id)] = value ? JSON.stringify(value, BufferJSON.replacer) : null;
        }
      }
      if (Object.keys(entries).length > 0) await write(entries);
    },
  };
  const baileysLog = quietLogger(log);

  return {
    state: { creds, keys: makeCacheableSignalKeyStore(keys, baileysLog) },
    async saveCreds(update) {
      Object.assign(creds, update);
      await write({ [CREDS_KEY]: JSON.stringify(creds, BufferJSON.replacer) });
    },
    me() {
      const me = creds.me;
      if (!me?.id) return undefined;
      return me.lid ? { id: me.id, lid: me.lid } : { id: me.id };
    },
    async wipe() {
      wiped = true;
      await writes;
      await store.clear();
    },
  };
}

/**
 * Baileys' logger interface on top of the channel log. Baileys logs JIDs and numbers at info
 * ("pairing configured successfully", `me`), so its info, warnings and errors all go to our
 * debug; its own trace and debug (every frame) are dropped.
 */
export function quietLogger(log: ChannelLog, bindings: Record<string, unknown> = {}) {
  const line = (level: string) => (fields: unknown, message?: string) => {
    const record = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
    const text = message ?? (typeof fields === 'string' ? fields : 'baileys');
    log.debug({ ...bindings, baileysLevel: level, ...record }, text);
  };
  const logger = {
    level: 'info',
    child: (more: Record<string, unknown>) => quietLogger(log, { ...bindings, ...more }),
    trace: () => undefined,
    debug: () => undefined,
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  return logger;
}
