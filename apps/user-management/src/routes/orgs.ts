import {
  type AcceptedInvitation,
  type CreatedInvitation,
  type Invitation,
  inviteBody,
  type Member,
  memberRoleBody,
  type Organization,
} from '@lifeosai/api-contract';
import { type Database, listOutboxMail } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import { applyMergePatch, mergePatchBody } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import { forbidden } from '../http/errors.ts';
import type { AuthApi } from '../identity/auth-api.ts';
import type { AuthDirectory } from '../identity/auth-directory.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { sessionCaller } from '../identity/session-caller.ts';

const memberParams = z.object({ memberId: z.string().min(1).max(200) });
const idParams = z.object({ id: z.string().min(1).max(200) });

export interface OrgRouteDeps {
  db: Kysely<Database>;
  directory: AuthDirectory;
  authApi: AuthApi;
  identities: CachedIdentityResolver;
}

/**
 * `/api/orgs`: the caller's organizations, and the active one's members and invitations.
 * Reads come from better-auth's tables, scoped to the caller; changes go through
 * better-auth's organization endpoints with the caller's session. Only an owner grants,
 * takes or removes the owner role.
 */
export function registerOrgRoutes(scope: FastifyInstance, deps: OrgRouteDeps): void {
  const { directory, authApi, identities, db } = deps;

  const ownerOnly = (message: string) => forbidden(`Only an owner can ${message}.`);

  scope.get(
    '/api/orgs',
    async (request): Promise<{ items: Organization[] }> => ({
      items: await directory.organizationsOf(request.caller.userId),
    }),
  );

  scope.get('/api/orgs/current', async (request): Promise<Organization> => {
    const organizations = await directory.organizationsOf(request.caller.userId);
    const current = organizations.find((organization) => organization.id === request.caller.orgId);
    if (!current) throw notFound('organization', request.caller.orgId);
    return current;
  });

  scope.get(
    '/api/orgs/current/members',
    async (request): Promise<{ items: Member[] }> => ({
      items: await directory.members(request.caller.orgId),
    }),
  );

  scope.patch(
    '/api/orgs/current/members/:memberId',
    { config: { minRole: 'admin' } },
    async (request): Promise<Member> => {
      const { memberId } = memberParams.parse(request.params);
      const patch = mergePatchBody.parse(request.body);
      const { orgId } = request.caller;
      const target = await directory.member(orgId, memberId);
      if (!target) throw notFound('member', memberId);
      // A JSON merge patch of the member's editable fields (only its role): not sent, unchanged.
      const { role } = memberRoleBody.parse(applyMergePatch({ role: target.role }, patch));
      if ((target.role === 'owner' || role === 'owner') && request.caller.role !== 'owner') {
        throw ownerOnly('grant or take the owner role');
      }
      if (role === target.role) return target;
      await authApi.post('/organization/update-member-role', sessionCaller(request), {
        memberId,
        role,
        organizationId: orgId,
      });
      identities.forgetUser(target.userId);
      await audit(db, request.caller, {
        action: 'member.role_changed',
        targetType: 'member',
        targetId: memberId,
        data: { from: target.role, to: role },
      });
      return (await directory.member(orgId, memberId)) ?? { ...target, role };
    },
  );

  scope.delete(
    '/api/orgs/current/members/:memberId',
    { config: { minRole: 'admin' } },
    async (request, reply) => {
      const { memberId } = memberParams.parse(request.params);
      const { orgId } = request.caller;
      const target = await directory.member(orgId, memberId);
      if (!target) throw notFound('member', memberId);
      if (target.role === 'owner' && request.caller.role !== 'owner') throw ownerOnly('remove an owner');
      await authApi.post('/organization/remove-member', sessionCaller(request), {
        memberIdOrEmail: memberId,
        organizationId: orgId,
      });
      identities.forgetUser(target.userId);
      await audit(db, request.caller, { action: 'member.removed', targetType: 'member', targetId: memberId });
      return reply.status(204).send();
    },
  );

  scope.get(
    '/api/orgs/current/invitations',
    { config: { minRole: 'admin' } },
    async (request): Promise<{ items: Invitation[] }> => ({
      items: await directory.invitations(request.caller.orgId),
    }),
  );

  scope.post('/api/orgs/current/invitations', { config: { minRole: 'admin' } }, async (request, reply) => {
    const { email, role } = inviteBody.parse(request.body);
    if (role === 'owner' && request.caller.role !== 'owner') throw ownerOnly('invite an owner');
    const made = await authApi.post<{ id: string }>('/organization/invite-member', sessionCaller(request), {
      email,
      role,
      organizationId: request.caller.orgId,
    });
    const invitation = await directory.invitation(made.id);
    if (!invitation) throw new PlatformError('AUTH_FAILED', 'The invitation was not recorded; retry.');
    await audit(db, request.caller, {
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: invitation.id,
      data: { email, role },
    });
    const { organizationId: _organizationId, ...view } = invitation;
    const created = { ...view, url: await unmailedInvitationLink(db, invitation.id) };
    return reply.status(201).send(created satisfies CreatedInvitation);
  });

  scope.delete(
    '/api/orgs/current/invitations/:id',
    { config: { minRole: 'admin' } },
    async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const invitation = await directory.invitation(id);
      if (
        !invitation ||
        invitation.organizationId !== request.caller.orgId ||
        invitation.status !== 'pending'
      ) {
        throw notFound('invitation', id);
      }
      await authApi.post('/organization/cancel-invitation', sessionCaller(request), { invitationId: id });
      await audit(db, request.caller, {
        action: 'invitation.cancelled',
        targetType: 'invitation',
        targetId: id,
      });
      return reply.status(204).send();
    },
  );

  scope.post('/api/orgs/invitations/:id/accept', async (request): Promise<AcceptedInvitation> => {
    const { id } = idParams.parse(request.params);
    const invitation = await directory.invitation(id);
    // Addressed to someone else: as unknown as a missing one.
    if (!invitation || invitation.email.toLowerCase() !== request.caller.email.toLowerCase()) {
      throw notFound('invitation', id);
    }
    const accepted = await authApi.post<{ member?: { id: string; role: string } }>(
      '/organization/accept-invitation',
      sessionCaller(request),
      { invitationId: id },
    );
    identities.forgetUser(request.caller.userId);
    return {
      organizationId: invitation.organizationId,
      memberId: accepted.member?.id ?? null,
      role: invitation.role,
    };
  });
}

/**
 * The invitation's link when the auth service could not mail it (local mode without a mail
 * server puts it in the outbox), so the admin who just invited can pass it on; null when it was
 * mailed. Only this authenticated admin route answers with it — never an anonymous one.
 */
async function unmailedInvitationLink(db: Kysely<Database>, invitationId: string): Promise<string | null> {
  const suffix = `/accept-invitation?id=${encodeURIComponent(invitationId)}`;
  const mail = (await listOutboxMail(db)).find(
    (entry) => entry.kind === 'organization-invitation' && entry.url.endsWith(suffix),
  );
  return mail?.url ?? null;
}
