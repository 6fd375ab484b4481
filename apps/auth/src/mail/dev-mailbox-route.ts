import { PlatformError } from '@lifeosai/errors';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ClientIpPolicy, resolveClientIp } from '../http/client-ip.ts';
import { loopbackNetworks, trustedNetworks } from '../http/trusted-networks.ts';
import type { RecordingMailer } from './mailer.ts';

const querySchema = z.object({
  to: z.email({ error: 'expected the recipient email address' }),
  kind: z.enum(['email-verification', 'password-reset', 'organization-invitation']).optional(),
});

const loopback = trustedNetworks(loopbackNetworks);

/**
 * Local mode only (never registered in cloud mode): `GET /api/auth/dev/last-email?to=&kind=`
 * → the newest message sent to that address, so the web app can show the verification or
 * reset link when no mail server is configured. 404 when there is none. The links are
 * credentials, so only a client on this machine gets them (403 otherwise, judged by the
 * same client address the rate limits use) — a local install bound to a LAN address does
 * not hand out password resets to the LAN.
 */
export function registerDevMailboxRoute(
  app: FastifyInstance,
  mailbox: RecordingMailer,
  clientIp: ClientIpPolicy,
): void {
  app.get('/api/auth/dev/last-email', async (request, reply) => {
    if (!loopback.contains(resolveClientIp(request.socket.remoteAddress, request.headers, clientIp))) {
      throw new PlatformError('FORBIDDEN', 'The local mailbox is readable only from this machine.', {
        status: 403,
      });
    }
    const query = querySchema.parse(request.query);
    const mail = mailbox.lastTo(query.to, query.kind);
    if (!mail) {
      throw new PlatformError('NOT_FOUND', `No email was sent to ${query.to} since the service started.`, {
        status: 404,
      });
    }
    reply.header('cache-control', 'no-store');
    return mail;
  });
}
