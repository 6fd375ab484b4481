import {
  type Channel,
  channelChatParams,
  channelHistoryQuery,
  channelLoginBody,
  channelPairingParams,
  createChannelBody,
  idParams,
  patchChannelBody,
} from '@lifeosai/api-contract';
import type { ChannelConnection, Database } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import { mergePatchBody } from '@lifeosai/http-kit';
import type { SecretStore } from '@lifeosai/secrets';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import { getAgent } from '../domain/agents.ts';
import { channelView, channelViews, getConnection } from '../domain/channels/channel-view.ts';
import { listChatMessages, listChats } from '../domain/channels/chat-history.ts';
import { createConnection, deleteConnection, patchConnection } from '../domain/channels/connections.ts';
import { decidePairing, listPendingSenders } from '../domain/channels/pairings.ts';
import { mayReadUnauthored } from '../domain/sessions/readers.ts';
import { auditAction } from '../http/audit.ts';
import { requireRole } from '../http/roles.ts';
import { streamLogin } from './channel-login.ts';
import type { SseConnection } from './sse-connection.ts';

/** Connecting, changing and approving are editing the agent: admins and owners (`routes/agents.ts`). */
const manageChannels = "connect, change or disconnect an agent's channels and approve its senders";

/** What the channel routes use; without `channels` and `secrets` every channel route is a 503. */
export interface ChannelRouteDeps {
  db: Kysely<Database>;
  channels?: ChannelRuntime;
  secrets?: SecretStore;
  /** `LIFEOSAI_PUBLIC_URL`: a Telegram webhook needs it to be HTTPS. */
  publicUrl?: string;
  /** SSE keep-alive comment period (ms) of the login stream; default 15 s. */
  sseKeepAliveMs?: number;
}

/** `/api/agent` routes of an agent's channel connections (Telegram bots, linked WhatsApp numbers). */
export function registerChannelRoutes(api: FastifyInstance, deps: ChannelRouteDeps): void {
  const { db } = deps;
  const loginStreams = new Set<SseConnection>();
  api.addHook('preClose', async () => {
    for (const stream of loginStreams) stream.end();
  });
  const running = () => {
    if (!deps.channels || !deps.secrets) {
      throw new PlatformError(
        'UNAVAILABLE',
        'Channels are not running on this Agent API instance; the operator starts it with the channel runtime.',
      );
    }
    return { db, runtime: deps.channels, secrets: deps.secrets, publicUrl: deps.publicUrl };
  };
  /** A connection of an agent the caller may read; `404` for anything else. */
  const readable = async (request: FastifyRequest) => {
    const services = running();
    const { id } = idParams.parse(request.params);
    const row = await getConnection(db, request.identity.orgId, id);
    const agent = await getAgent(db, request.identity.orgId, row.agentId);
    return { services, row, agent };
  };
  /** The same, for a caller who may also change it. */
  const manageable = async (request: FastifyRequest) => {
    const found = await readable(request);
    requireRole(request.identity, 'admin', manageChannels);
    return found;
  };

  api.post('/agents/:id/channels', async (request, reply) => {
    const services = running();
    const { id } = idParams.parse(request.params);
    const agent = await getAgent(db, request.identity.orgId, id);
    requireRole(request.identity, 'admin', manageChannels);
    const input = createChannelBody.parse(request.body ?? {});
    const row = await createConnection(services, { ...request.identity, agentId: agent.id }, input);
    await auditAction(db, request.identity, 'channel.created', channelTarget(row), { type: row.type });
    await services.runtime.changed(row.id);
    return reply.status(201).send(await channelView(db, row));
  });

  api.get('/agents/:id/channels', async (request): Promise<{ items: Channel[] }> => {
    running();
    const { id } = idParams.parse(request.params);
    await getAgent(db, request.identity.orgId, id);
    const rows = await db
      .selectFrom('channelConnections')
      .selectAll()
      .where('orgId', '=', request.identity.orgId)
      .where('agentId', '=', id)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
    return { items: await channelViews(db, rows) };
  });

  api.patch('/channels/:id', async (request) => {
    const { services, row } = await manageable(request);
    const patch = patchChannelBody.parse(mergePatchBody.parse(request.body));
    const updated = await patchConnection(services, request.identity, row, patch);
    await auditAction(db, request.identity, 'channel.updated', channelTarget(row), {
      fields: Object.keys(patch),
    });
    await services.runtime.changed(row.id);
    return channelView(db, updated);
  });

  api.delete('/channels/:id', async (request, reply) => {
    const { services, row } = await manageable(request);
    await deleteConnection(services, row);
    await auditAction(db, request.identity, 'channel.deleted', channelTarget(row), { type: row.type });
    await services.runtime.changed(row.id);
    return reply.status(204).send();
  });

  api.get('/channels/:id/pairings', async (request) => {
    const { row } = await readable(request);
    return { items: await listPendingSenders(db, row.id) };
  });

  for (const verdict of ['approve', 'deny'] as const) {
    api.post(`/channels/:id/pairings/:code/${verdict}`, async (request, reply) => {
      const { code } = channelPairingParams.parse(request.params);
      const { services, row } = await manageable(request);
      const approved = verdict === 'approve';
      const senderId = await decidePairing(db, {
        connectionId: row.id,
        code,
        approved,
        userId: request.identity.userId,
      });
      await auditAction(
        db,
        request.identity,
        approved ? 'channel.sender_approved' : 'channel.sender_denied',
        channelTarget(row),
        {
          senderId,
        },
      );
      await services.runtime.senderDecided(row.id, senderId, approved);
      return reply.status(204).send();
    });
  }

  api.get('/channels/:id/login', async (request, reply) => {
    const { services, row } = await manageable(request);
    requireInteractiveLogin(services.runtime, row);
    await streamLogin(reply, services.runtime, row.id, {
      keepAliveMs: deps.sseKeepAliveMs ?? 15_000,
      open: loginStreams,
    });
  });

  api.post('/channels/:id/login', async (request) => {
    const { services, row } = await manageable(request);
    const { phoneNumber } = channelLoginBody.parse(request.body ?? {});
    requireInteractiveLogin(services.runtime, row);
    if (!row.enabled) throw new PlatformError('CHANNEL_NOT_RUNNING');
    return { pairingCode: await services.runtime.requestPairingCode(row.id, phoneNumber.replace(/\D/g, '')) };
  });

  api.get('/channels/:id/chats', async (request) => {
    const { row, agent } = await readable(request);
    const query = channelHistoryQuery.parse(request.query);
    if (!mayReadUnauthored(request.identity, agent)) throw notFound('channel', row.id);
    return listChats(db, row.id, query);
  });

  api.get('/channels/:id/chats/:chatId/messages', async (request) => {
    const { chatId } = channelChatParams.parse(request.params);
    const { row, agent } = await readable(request);
    const query = channelHistoryQuery.parse(request.query);
    if (!mayReadUnauthored(request.identity, agent)) throw notFound('channel', row.id);
    return listChatMessages(db, row.id, chatId, query);
  });
}

/** Only networks that link an account interactively (WhatsApp's QR) have a login. */
function requireInteractiveLogin(runtime: ChannelRuntime, row: ChannelConnection): void {
  if (!runtime.drivers.get(row.type)?.capabilities.interactiveLogin) {
    throw new PlatformError('CHANNEL_LOGIN_UNSUPPORTED');
  }
}

/** What the audit trail names: the channel, and its agent. */
function channelTarget(row: ChannelConnection): { type: string; id: string; agentId: string } {
  return { type: 'channel', id: row.id, agentId: row.agentId };
}
