import type { ChannelLoginEvent } from '@lifeosai/api-contract';
import { findConnection } from '../domain/channels/leases.ts';
import type { ChannelSignal } from '../events/channel-signal.ts';
import type { ChannelRuntimeDeps } from './runtime-deps.ts';

/**
 * A connection's login stream from any instance: its current status first (and the latest QR,
 * which the holder says again when asked), then every QR, pairing code and status heard on the
 * bus, until the account is linked (`connected`) or `signal` aborts.
 */
export async function* watchLogin(
  deps: Pick<ChannelRuntimeDeps, 'db' | 'bus'>,
  connectionId: string,
  signal: AbortSignal,
): AsyncIterable<ChannelLoginEvent> {
  const pending: ChannelLoginEvent[] = [];
  let wake: (() => void) | undefined;
  const off = deps.bus.onSignal((heard: ChannelSignal) => {
    if (heard.type !== 'channel.login' || heard.connectionId !== connectionId) return;
    if (heard.qr) pending.push({ qr: heard.qr });
    if (heard.pairingCode) pending.push({ pairingCode: heard.pairingCode });
    if (heard.status && !heard.qr && !heard.pairingCode) {
      pending.push({ status: heard.status as never, lastError: heard.lastError ?? null });
    }
    wake?.();
  });
  const aborted = () => wake?.();
  signal.addEventListener('abort', aborted);
  try {
    const row = await findConnection(deps.db, connectionId);
    if (!row) return;
    yield { status: row.status, lastError: row.lastError };
    if (row.status === 'connected') return;
    await deps.bus.signal({ type: 'channel.login.replay', connectionId });
    while (!signal.aborted) {
      const event = pending.shift();
      if (!event) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      yield event;
      if ('status' in event && event.status === 'connected') return;
    }
  } finally {
    off();
    signal.removeEventListener('abort', aborted);
  }
}
