import type { ChannelContext, ChannelStatusUpdate, ChannelTransport } from '@lifeosai/channel-spec';
import type { ChannelConnection } from '@lifeosai/db';
import { createChannelStateStore } from '../domain/channels/channel-state.ts';
import { journalInbound } from '../domain/channels/journal.ts';
import {
  findConnection,
  holdConnections,
  recordConnectionStatus,
  releaseConnections,
} from '../domain/channels/leases.ts';
import type { ChannelSignal } from '../events/channel-signal.ts';
import { type PumpDeps, pumpOnce } from './connection-pump.ts';
import type { Hosted } from './hosted.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

export type HostDeps = PumpDeps & ChannelRuntimeDeps & { leaseMs: number; tickMs: number };

/** The connections this instance runs, kept in step with the leases it holds. */
export interface ConnectionHost {
  hosted: ReadonlyMap<string, Hosted>;
  /** Takes, renews and gives up leases now (coalesced); starts and stops connections to match. */
  reconcile(): Promise<void>;
  /** Acts on a signal meant for the holder (pairing code asked, login replay). */
  onSignal(signal: ChannelSignal): void;
  start(): void;
  /** Stops every connection and gives its lease back. */
  stop(): Promise<void>;
}

/** Fields whose change needs a fresh connection (the token, the transport); a policy change does not. */
const restartOn = (row: ChannelConnection) =>
  JSON.stringify([row.tokenSecret, row.transport, row.webhookSecret, row.updatedAt, row.senders, row.allow]);

export function createConnectionHost(deps: HostDeps): ConnectionHost {
  const hosted = new Map<string, Hosted>();
  const timers: NodeJS.Timeout[] = [];
  let running = false;
  let reconciling: Promise<void> | undefined;
  let again = false;
  const report = (step: string, connectionId?: string) => (error: unknown) =>
    deps.log.error({ err: error, step, connectionId }, 'channel runtime step failed');

  const agentName = async (agentId: string) =>
    (await deps.db.selectFrom('agents').select('name').where('id', '=', agentId).executeTakeFirst())?.name ??
    'this agent';

  const status = (entry: Hosted, update: ChannelStatusUpdate) => {
    // A connection we are stopping (lease given back, service stopping) says nothing more.
    if (entry.abort.signal.aborted) return;
    const qr = update.status === 'waiting_for_login' ? update.qr : undefined;
    const pairingCode = update.status === 'waiting_for_login' ? update.pairingCode : undefined;
    entry.lastLogin = { status: update.status, ...(qr && { qr }), ...(pairingCode && { pairingCode }) };
    const lastError =
      update.status === 'error' ? update.message : update.status === 'connected' ? null : undefined;
    void recordConnectionStatus(deps.db, entry.row.id, {
      status: update.status,
      ...(lastError !== undefined && { lastError }),
      ...(update.status === 'connected' && update.account && { account: update.account }),
    }).catch(report('status', entry.row.id));
    void deps.bus.signal({
      type: 'channel.login',
      connectionId: entry.row.id,
      status: update.status,
      ...(lastError !== undefined && { lastError }),
      ...(qr && { qr }),
      ...(pairingCode && { pairingCode }),
    });
  };

  const transportOf = async (row: ChannelConnection): Promise<ChannelTransport> => {
    if (row.transport !== 'webhook' || !deps.publicUrl || !row.webhookSecret) return { kind: 'poll' };
    const secretToken = await deps.revealSecret(row.orgId, row.webhookSecret);
    if (!secretToken) return { kind: 'poll' };
    return {
      kind: 'webhook',
      url: `${deps.publicUrl.replace(/\/$/, '')}/api/channels/${row.type}/${row.id}/webhook`,
      secretToken,
    };
  };

  const launch = async (row: ChannelConnection) => {
    const driver = deps.drivers.get(row.type);
    if (!driver) return;
    const botToken = row.tokenSecret ? await deps.revealSecret(row.orgId, row.tokenSecret) : undefined;
    const abort = new AbortController();
    const entry = { row, driver, abort, agentName: await agentName(row.agentId) } as Hosted;
    entry.typingAt = new Map();
    entry.watching = new Map();
    entry.pump = pumper(entry);
    const context: ChannelContext = {
      connectionId: row.id,
      credentials: botToken ? { botToken } : {},
      state: createChannelStateStore(deps.db, deps.cipher, row.id),
      transport: await transportOf(row),
      onInbound: async (messages) => {
        await journalInbound(deps.db, row.id, messages);
        entry.pump();
      },
      onStatus: (update) => status(entry, update),
      log: {
        debug: (fields, message) => deps.log.debug({ ...fields, connectionId: row.id }, message),
        info: (fields, message) => deps.log.info({ ...fields, connectionId: row.id }, message),
        warn: (fields, message) => deps.log.warn({ ...fields, connectionId: row.id }, message),
        error: (fields, message) => deps.log.error({ ...fields, connectionId: row.id }, message),
      },
      signal: abort.signal,
    };
    entry.connection = driver.connect(context);
    hosted.set(row.id, entry);
    await entry.connection.start().catch((error: unknown) =>
      status(entry, {
        status: 'error',
        message: (error as Error).message,
        retrying: false,
        reason: 'unknown',
      }),
    );
    entry.pump();
  };

  const halt = async (entry: Hosted) => {
    hosted.delete(entry.row.id);
    entry.abort.abort();
    for (const unsubscribe of entry.watching.values()) unsubscribe();
    await entry.connection.stop().catch(report('stop', entry.row.id));
  };

  const pumper = (entry: Hosted) => {
    let pumping: Promise<void> | undefined;
    let more = false;
    const pump = (): void => {
      if (pumping) {
        more = true;
        return;
      }
      pumping = (async () => {
        do {
          more = false;
          await pumpOnce(deps, entry).catch(report('pump', entry.row.id));
        } while (more && !entry.abort.signal.aborted);
      })().finally(() => {
        pumping = undefined;
      });
    };
    return pump;
  };

  const reconcileOnce = async () => {
    const held = await holdConnections(deps.db, deps.instanceId, [...deps.drivers.keys()], deps.leaseMs);
    const ids = new Set(held.map((row) => row.id));
    for (const entry of [...hosted.values()]) {
      if (ids.has(entry.row.id)) continue;
      await halt(entry);
      const now = await findConnection(deps.db, entry.row.id);
      if (now && !now.enabled) await recordConnectionStatus(deps.db, now.id, { status: 'stopped' });
    }
    for (const row of held) {
      const entry = hosted.get(row.id);
      if (entry && restartOn(entry.row) !== restartOn(row)) {
        const policyOnly =
          entry.row.senders !== row.senders || JSON.stringify(entry.row.allow) !== JSON.stringify(row.allow);
        if (!policyOnly) {
          await halt(entry);
          await launch(row).catch(report('start', row.id));
          continue;
        }
      }
      if (entry) {
        entry.row = row;
        entry.pump();
      } else if (running) await launch(row).catch(report('start', row.id));
    }
  };

  const reconcile = (): Promise<void> => {
    if (reconciling) {
      again = true;
      return reconciling;
    }
    reconciling = (async () => {
      do {
        again = false;
        await reconcileOnce().catch(report('lease'));
      } while (again && running);
    })().finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };

  return {
    hosted,
    reconcile,
    onSignal(signal) {
      const entry = hosted.get(signal.connectionId);
      if (!entry) return;
      if (signal.type === 'channel.work') entry.pump();
      if (signal.type === 'channel.login.replay' && entry.lastLogin) {
        void deps.bus.signal({ type: 'channel.login', connectionId: entry.row.id, ...entry.lastLogin });
      }
      if (signal.type === 'channel.pairing.request') {
        const request = entry.connection.requestPairingCode;
        const answer = request
          ? request.call(entry.connection, signal.phoneNumber).then(
              (code) => ({ code }),
              (error: unknown) => ({ error: (error as Error).message }),
            )
          : Promise.resolve({ error: 'unsupported' });
        void answer.then((reply) =>
          deps.bus.signal({
            type: 'channel.pairing.reply',
            connectionId: entry.row.id,
            requestId: signal.requestId,
            ...reply,
          }),
        );
      }
    },
    start() {
      if (running) return;
      running = true;
      timers.push(setInterval(() => void reconcile(), Math.max(100, Math.floor(deps.leaseMs / 3))));
      timers.push(
        setInterval(() => {
          for (const entry of hosted.values()) entry.pump();
        }, deps.tickMs),
      );
      void reconcile();
    },
    async stop() {
      running = false;
      for (const timer of timers.splice(0)) clearInterval(timer);
      await reconciling;
      const entries = [...hosted.values()];
      await Promise.all(entries.map(halt));
      await releaseConnections(
        deps.db,
        deps.instanceId,
        entries.map((entry) => entry.row.id),
      ).catch(report('release'));
    },
  };
}
