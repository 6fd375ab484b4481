import {
  createPhoneNumberBody,
  idParams,
  type PhoneNumberView,
  phonePairingParams,
} from '@lifeosai/api-contract';
import type { Database, PhoneNumber } from '@lifeosai/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { getAgent } from '../domain/agents.ts';
import { decideCallerPairing, listPendingCallers } from '../domain/phone/callers.ts';
import {
  createPhoneNumber,
  deletePhoneNumber,
  getPhoneNumber,
  listPhoneNumbers,
  phoneNumberViews,
} from '../domain/phone/numbers.ts';
import { auditAction } from '../http/audit.ts';
import { requireRole } from '../http/roles.ts';

/** Adding, removing and approving callers are editing the agent: admins and owners, as for channels. */
const managePhone = "add or remove an agent's phone numbers and approve its callers";

/** What the phone number routes use. */
export interface PhoneNumberRouteDeps {
  db: Kysely<Database>;
  /** `LIFEOSAI_PUBLIC_URL`: a number's `voiceUrl` (what to paste in Twilio) is built on it. */
  publicUrl?: string;
}

/** `/api/agent` routes of the phone numbers an agent answers and the callers waiting on them. */
export function registerPhoneNumberRoutes(api: FastifyInstance, deps: PhoneNumberRouteDeps): void {
  const { db } = deps;
  const view = async (row: PhoneNumber): Promise<PhoneNumberView> =>
    (await phoneNumberViews(db, [row], deps.publicUrl))[0]!;
  /** A number of an agent the caller may see; `404` for anything else. */
  const readable = async (request: FastifyRequest) => {
    const { id } = idParams.parse(request.params);
    const row = await getPhoneNumber(db, request.identity.orgId, id);
    await getAgent(db, request.identity.orgId, row.agentId);
    return row;
  };
  /** The same, for a caller who may also change it. */
  const manageable = async (request: FastifyRequest) => {
    const row = await readable(request);
    requireRole(request.identity, 'admin', managePhone);
    return row;
  };

  api.post('/agents/:id/phone-numbers', async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const agent = await getAgent(db, request.identity.orgId, id);
    requireRole(request.identity, 'admin', managePhone);
    const input = createPhoneNumberBody.parse(request.body ?? {});
    const row = await createPhoneNumber(db, { ...request.identity, agentId: agent.id }, input);
    await auditAction(db, request.identity, 'phone_number.created', numberTarget(row), {
      number: row.number,
    });
    return reply.status(201).send(await view(row));
  });

  api.get('/agents/:id/phone-numbers', async (request) => {
    const { id } = idParams.parse(request.params);
    await getAgent(db, request.identity.orgId, id);
    const rows = await listPhoneNumbers(db, request.identity.orgId, id);
    return { items: await phoneNumberViews(db, rows, deps.publicUrl) };
  });

  api.delete('/phone-numbers/:id', async (request, reply) => {
    const row = await manageable(request);
    await deletePhoneNumber(db, row);
    await auditAction(db, request.identity, 'phone_number.deleted', numberTarget(row), {
      number: row.number,
    });
    return reply.status(204).send();
  });

  api.get('/phone-numbers/:id/pairings', async (request) => {
    const row = await readable(request);
    return { items: await listPendingCallers(db, row.id) };
  });

  for (const verdict of ['approve', 'deny'] as const) {
    api.post(`/phone-numbers/:id/pairings/:code/${verdict}`, async (request, reply) => {
      const { code } = phonePairingParams.parse(request.params);
      const row = await manageable(request);
      const approved = verdict === 'approve';
      const caller = await decideCallerPairing(db, {
        phoneNumberId: row.id,
        code,
        approved,
        userId: request.identity.userId,
      });
      await auditAction(
        db,
        request.identity,
        approved ? 'phone.caller_approved' : 'phone.caller_denied',
        numberTarget(row),
        {
          caller,
        },
      );
      return reply.status(204).send();
    });
  }
}

/** What the audit trail names: the phone number, and its agent. */
function numberTarget(row: PhoneNumber): { type: string; id: string; agentId: string } {
  return { type: 'phone_number', id: row.id, agentId: row.agentId };
}
