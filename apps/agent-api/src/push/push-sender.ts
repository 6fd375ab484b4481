import { setTimeout as sleep } from 'node:timers/promises';
import type { PushEventKind, PushMessage } from '@lifeosai/api-contract';
import type { Database, PushSubscription, Run, RunStatus } from '@lifeosai/db';
import type { UnifiedEvent } from '@lifeosai/events';
import type { EgressPolicy } from '@lifeosai/sandbox';
import type { VapidKeys } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import { type Dispatcher, request } from 'undici';
import { checkAddressHost, createUpstreamPool } from '../llm-proxy/forward-call.ts';
import type { PushAudience } from './push-audience.ts';
import { devicesToTell, forgetPushEndpoint } from './push-devices.ts';
import {
  finishedMessage,
  permissionMessage,
  type SenderApproval,
  senderApprovalMessage,
} from './push-messages.ts';

/** Where delivery problems go; never given a key, a payload or a whole endpoint (it is a capability). */
export interface PushLog {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface PushSenderOptions {
  db: Kysely<Database>;
  /** The instance's VAPID pair (`loadVapidKeys`) and its contact (`mailto:` or `https:`). */
  vapid: VapidKeys & { subject: string };
  audience: PushAudience;
  log: PushLog;
  /**
   * What an endpoint may reach: the run sandbox's egress policy (public addresses; loopback and
   * private ones only as LIFEOSAI_SANDBOX_ALLOW says). An endpoint is user input: without this
   * rule it would let anyone make the platform POST to its own ports.
   */
  egress: EgressPolicy;
  /** Waits before each retry of a push service's 429/5xx or a network failure (ms). */
  retryDelaysMs?: readonly number[];
  /** Longest wait for a push service's answer (ms). */
  timeoutMs?: number;
}

/** Pushes notifications about runs and channels to the devices of the users who may see them. */
export interface PushSender {
  /** Contract: never throws, never blocks the run; delivery happens in the background. */
  runEvent(run: Run, event: UnifiedEvent): void;
  /** A run reached a terminal status. Same contract as `runEvent`. */
  runEnded(run: Run, status: RunStatus): void;
  /**
   * A channel sender waits for approval (issue 14's channels call this). Same contract: the
   * agent's owner and the organization's admins who chose `sender_approval` are told.
   */
  senderWaiting(approval: SenderApproval): void;
  /** Resolves once every delivery in flight has ended (tests, shutdown). */
  idle(): Promise<void>;
  /** Gives up pending retries, waits for deliveries in flight, then releases connections. Idempotent. */
  close(): Promise<void>;
}

/** How long a push service keeps a message for an offline device (s). */
const timeToLive: Record<PushEventKind, number> = {
  permission_request: 60 * 60,
  run_finished: 24 * 60 * 60,
  sender_approval: 24 * 60 * 60,
};

export function createPushSender(options: PushSenderOptions): PushSender {
  const { db, audience, log } = options;
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 5_000, 30_000];
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dispatcher: Dispatcher = createUpstreamPool(options.egress);
  const inFlight = new Set<Promise<void>>();
  // Closing cuts retry waits short: a stopping service does not wait 30 s for a push service.
  const closing = new AbortController();
  let closed: Promise<void> | undefined;

  const track = (work: () => Promise<void>) => {
    const promise = work()
      .catch((error: unknown) => log.warn({ err: error }, 'push notification not sent'))
      .finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };

  const agentName = async (agentId: string) =>
    (await db.selectFrom('agents').select('name').where('id', '=', agentId).executeTakeFirst())?.name ??
    'Your agent';

  const deliver = async (device: PushSubscription, message: PushMessage) => {
    const host = new URL(device.endpoint).host;
    for (let attempt = 0; ; attempt++) {
      const outcome = await sendOnce(device, message).catch((error: unknown) => ({
        status: 0,
        error: error as Error,
        retryAfterMs: undefined,
      }));
      if (outcome.status >= 200 && outcome.status < 300) return;
      if (outcome.status === 404 || outcome.status === 410) {
        // The push service says the subscription is gone: the browser unsubscribed or expired it.
        await forgetPushEndpoint(db, device.endpoint);
        return;
      }
      const retryable = outcome.status === 0 || outcome.status === 429 || outcome.status >= 500;
      const refused = 'error' in outcome && (outcome.error as { code?: string }).code === 'EGRESS_REFUSED';
      if (!retryable || refused || attempt >= retryDelaysMs.length || closing.signal.aborted) {
        log.warn(
          {
            pushService: host,
            status: outcome.status,
            ...('error' in outcome && { reason: outcome.error.message }),
          },
          'push notification not delivered',
        );
        return;
      }
      const delay = Math.max(retryDelaysMs[attempt]!, Math.min(outcome.retryAfterMs ?? 0, 60_000));
      await sleep(delay, undefined, { signal: closing.signal }).catch(() => undefined);
    }
  };

  const sendOnce = async (device: PushSubscription, message: PushMessage) => {
    checkAddressHost(device.endpoint, options.egress);
    // Loaded with the first notification: an idle instance never needs it (ADR 0026).
    const { default: webPush } = await import('web-push');
    const details = webPush.generateRequestDetails(
      { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
      JSON.stringify(message),
      {
        vapidDetails: options.vapid,
        TTL: timeToLive[message.kind],
        urgency: message.kind === 'run_finished' ? 'normal' : 'high',
      },
    );
    const headers = Object.fromEntries(
      Object.entries(details.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    const response = await request(details.endpoint, {
      method: 'POST',
      headers,
      body: details.body as Buffer,
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body.dump();
    const retryAfter = Number(response.headers['retry-after']);
    return {
      status: response.statusCode,
      retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    };
  };

  const tell = (userIds: () => Promise<string[]>, message: () => Promise<PushMessage>) =>
    track(async () => {
      const built = await message();
      const devices = await devicesToTell(db, await userIds(), built.kind);
      await Promise.all(devices.map((device) => deliver(device, built)));
    });

  const sender: PushSender = {
    runEvent(run, event) {
      if (event.type !== 'permission_request') return;
      tell(
        () => audience.permission(run),
        async () => permissionMessage(run, await agentName(run.agentId), event.toolName),
      );
    },
    runEnded(run, status) {
      tell(
        () => audience.finished(run),
        async () => finishedMessage(run, await agentName(run.agentId), status),
      );
    },
    senderWaiting(approval) {
      tell(
        () => audience.senderApproval(approval.orgId, approval.agentId),
        async () => senderApprovalMessage(approval),
      );
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed ??= (async () => {
        closing.abort();
        await sender.idle();
        await dispatcher.close();
      })();
      return closed;
    },
  };
  return sender;
}
