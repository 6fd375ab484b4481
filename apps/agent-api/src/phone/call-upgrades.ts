import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { idParams, twilioStreamPath } from '@lifeosai/api-contract';
import { isPlatformError, notFound, PlatformError } from '@lifeosai/errors';
import { refuseUpgrade } from '@lifeosai/http-kit/upgrade-forward';
import type { WebSocketServer } from 'ws';
import { getAgent } from '../domain/agents.ts';
import { getReadableSession } from '../domain/sessions/readers.ts';
import { type BrowserCaller, serveBrowserCall } from './browser-call.ts';
import type { CallHost } from './call-host.ts';
import { serveTwilioStream } from './twilio-stream.ts';

const browserCallPath = /^\/api\/agent\/agents\/([^/]+)\/call$/;

/**
 * Routes an HTTP upgrade on the Agent API's server: Twilio's media stream (public: its token
 * is checked on `start`), the browser's call socket (the gateway's identity token, checked as
 * on every HTTP route, and the agent and session checked, before the socket is accepted), and a
 * 404 for anything else. A refusal is an HTTP answer in the contract's error shape.
 */
export async function routeUpgrade(
  host: CallHost,
  sockets: WebSocketServer,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  try {
    const url = new URL(request.url ?? '/', 'http://upgrade.invalid');
    if (url.pathname === twilioStreamPath) {
      sockets.handleUpgrade(request, socket, head, (ws) => serveTwilioStream(ws, host));
      return;
    }
    const match = browserCallPath.exec(url.pathname);
    if (!match) throw new PlatformError('NOT_FOUND', `No WebSocket endpoint at ${url.pathname}.`);
    const caller = await browserCallerOf(host, request, match[1]!, url);
    sockets.handleUpgrade(
      request,
      socket,
      head,
      (ws) =>
        void serveBrowserCall(ws, host, caller).catch((error: unknown) => {
          host.deps.log.error({ err: error }, 'a browser call could not start');
          ws.close(1011, 'call failed');
        }),
    );
  } catch (error) {
    refuse(socket, error, host);
  }
}

async function browserCallerOf(
  host: CallHost,
  request: IncomingMessage,
  encodedAgentId: string,
  url: URL,
): Promise<BrowserCaller> {
  const { db, verifyIdentity } = host.deps;
  const identity = await verifyIdentity(request.headers.authorization);
  let agentId = encodedAgentId;
  try {
    agentId = decodeURIComponent(encodedAgentId);
  } catch {
    throw notFound('agent', encodedAgentId);
  }
  if (!idParams.safeParse({ id: agentId }).success) throw notFound('agent', agentId);
  // Whoever may start the agent's runs may call it; a session to continue must be theirs to read.
  const agent = await getAgent(db, identity.orgId, agentId);
  const sessionId = url.searchParams.get('sessionId') ?? undefined;
  if (sessionId !== undefined) {
    const session = idParams.safeParse({ id: sessionId }).success
      ? await getReadableSession(db, identity, sessionId)
      : undefined;
    if (session?.agentId !== agent.id) throw notFound('session', sessionId);
  }
  return { identity, agent, ...(sessionId && { sessionId }) };
}

function refuse(socket: Duplex, error: unknown, host: CallHost): void {
  const known = isPlatformError(error) && error.status < 500;
  if (!known) host.deps.log.error({ err: error }, 'a WebSocket upgrade failed');
  refuseUpgrade(
    socket,
    known
      ? error
      : new PlatformError(
          'INTERNAL',
          'Something went wrong on our side; retry, and report it if it persists.',
        ),
  );
}
