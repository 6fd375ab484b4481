import { ChannelCredentialsError } from '@lifeosai/channel-spec';
import type { Run } from '@lifeosai/db';
import { newId } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { UnifiedEvent } from '@lifeosai/events';
import type { PlatformTool } from '@lifeosai/harness-spec';
import { decideWaitingMessages, journalInbound } from '../domain/channels/journal.ts';
import { agentsWithConnections, findConnection } from '../domain/channels/leases.ts';
import { enqueueOutbox } from '../domain/channels/outbox.ts';
import type { ChannelRuntime } from './channel-runtime.ts';
import { channelTools } from './channel-tools.ts';
import { createConnectionHost } from './connection-host.ts';
import { watchLogin } from './login-watch.ts';
import { askInChat } from './permission-buttons.ts';
import { replies } from './replies.ts';
import { replyToHeartbeat, replyToRun } from './run-replies.ts';
import { type ChannelRuntimeDeps, defaultChannelLimits } from './runtime-deps.ts';

/** The runtime as the service holds it: the routes' interface plus its life and its hooks. */
export interface ChannelRuntimeService extends ChannelRuntime {
  /** Takes leases and runs connections; call after the orchestrator started. */
  start(): void;
  /** Stops this instance's connections and gives their leases back; call before the orchestrator stops. */
  stop(): Promise<void>;
  /** The channel tools of a run (`list_channel_chats`, `send_message`), when its agent has a channel. */
  toolsFor(run: Run): PlatformTool[];
  /** The orchestrator's `onRunEnded`: a channel or heartbeat run's reply goes to the outbox at once. */
  runEnded(run: Run): void;
  /** The orchestrator's `onRunEvent`: a channel run's permission question goes to the chat as buttons. */
  runEvent(run: Run, event: UnifiedEvent): void;
  /** Connections this instance runs now (tests, status). */
  localConnectionIds(): string[];
}

/** How long `requestPairingCode` waits for the instance running the connection (ms). */
const pairingWaitMs = 20_000;

export function createChannelRuntime(deps: ChannelRuntimeDeps): ChannelRuntimeService {
  const limits = { ...defaultChannelLimits, ...deps.limits };
  const host = createConnectionHost({
    ...deps,
    limits,
    leaseMs: deps.leaseMs ?? 15_000,
    tickMs: deps.tickMs ?? 1_000,
  });
  let withChannels = new Set<string>();
  let stopHearing: (() => void) | undefined;
  const timers: NodeJS.Timeout[] = [];
  const report = (step: string) => (error: unknown) =>
    deps.log.error({ err: error, step }, 'channel runtime step failed');
  const tell = (connectionId: string) => deps.bus.signal({ type: 'channel.work', connectionId });
  const refreshAgents = async () => {
    withChannels = await agentsWithConnections(deps.db);
  };

  const runtime: ChannelRuntimeService = {
    drivers: deps.drivers,

    async verify(type, credentials) {
      const driver = deps.drivers.get(type);
      if (!driver?.verifyCredentials) return undefined;
      try {
        return await driver.verifyCredentials(credentials);
      } catch (error) {
        if (error instanceof ChannelCredentialsError)
          throw new PlatformError('CHANNEL_TOKEN_INVALID', error.message);
        throw error;
      }
    },

    async changed(connectionId) {
      await deps.bus.signal({ type: 'channel.changed', connectionId });
    },

    async senderDecided(connectionId, senderId, approved) {
      const connection = await findConnection(deps.db, connectionId);
      const driver = connection && deps.drivers.get(connection.type);
      const waiting = await decideWaitingMessages(deps.db, connectionId, senderId, approved);
      const last = waiting.at(-1);
      if (driver && last) {
        const text = approved ? replies.approved : replies.denied;
        await enqueueOutbox(
          deps.db,
          connectionId,
          driver.format(text).map((part, index) => ({
            chatId: last.chatId,
            key: `${approved ? 'approved' : 'denied'}:${senderId}:${index}`,
            text: part,
          })),
        );
      }
      await tell(connectionId);
    },

    watchLogin: (connectionId, signal) => watchLogin(deps, connectionId, signal),

    async requestPairingCode(connectionId, phoneNumber) {
      const connection = await findConnection(deps.db, connectionId);
      if (!connection?.enabled) throw new PlatformError('CHANNEL_NOT_RUNNING');
      if (!deps.drivers.get(connection.type)?.capabilities.interactiveLogin) {
        throw new PlatformError('CHANNEL_LOGIN_UNSUPPORTED');
      }
      const requestId = newId('pcr');
      const reply = new Promise<{ code?: string; error?: string }>((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(
            new PlatformError(
              'CHANNEL_NOT_RUNNING',
              'No instance answered for this channel: it may be starting; try again in a few seconds.',
            ),
          );
        }, pairingWaitMs);
        const off = deps.bus.onSignal((signal) => {
          if (signal.type !== 'channel.pairing.reply' || signal.requestId !== requestId) return;
          clearTimeout(timer);
          off();
          resolve(signal);
        });
      });
      await deps.bus.signal({ type: 'channel.pairing.request', connectionId, requestId, phoneNumber });
      const answer = await reply;
      if (answer.code) return answer.code;
      if (answer.error === 'unsupported') throw new PlatformError('CHANNEL_LOGIN_UNSUPPORTED');
      throw new PlatformError(
        'CHANNEL_NOT_RUNNING',
        `WhatsApp did not give a pairing code: ${answer.error ?? 'no reason given'}`,
      );
    },

    async acceptWebhook(connectionId, delivery) {
      const connection = await findConnection(deps.db, connectionId);
      const driver = connection && deps.drivers.get(connection.type);
      if (
        !connection?.enabled ||
        connection.transport !== 'webhook' ||
        !driver?.parseWebhook ||
        !connection.webhookSecret
      ) {
        return 'not_found';
      }
      const secretToken = await deps.revealSecret(connection.orgId, connection.webhookSecret);
      if (!secretToken) return 'not_found';
      const account = { id: connection.accountId ?? '', name: connection.accountName ?? '' };
      const messages = driver.parseWebhook(delivery, { secretToken, account });
      if (messages === null) return 'unauthorized';
      if ((await journalInbound(deps.db, connectionId, messages)) > 0) await tell(connectionId);
      return 'accepted';
    },

    toolsFor: (run) => (withChannels.has(run.agentId) ? channelTools(deps, run) : []),

    runEnded(run) {
      void (async () => {
        const connectionId = await replyToRun(deps, run.id);
        if (connectionId) await tell(connectionId);
        for (const told of await replyToHeartbeat(deps, run)) await tell(told);
      })().catch(report('run ended'));
    },

    runEvent(run, event) {
      if (run.triggerKind !== 'channel' || event.type !== 'permission_request') return;
      void askInChat(deps, run, event)
        .then((connectionId) => (connectionId ? tell(connectionId) : undefined))
        .catch(report('permission question'));
    },

    localConnectionIds: () => [...host.hosted.keys()],

    start() {
      stopHearing = deps.bus.onSignal((signal) => {
        if (signal.type === 'channel.changed') {
          void refreshAgents().catch(report('agents'));
          void host.reconcile();
          return;
        }
        host.onSignal(signal);
      });
      void refreshAgents().catch(report('agents'));
      timers.push(setInterval(() => void refreshAgents().catch(report('agents')), 5_000));
      host.start();
    },

    async stop() {
      stopHearing?.();
      for (const timer of timers.splice(0)) clearInterval(timer);
      await host.stop();
    },
  };
  return runtime;
}
