import { adminUserPatchBody, type InstanceUser, type Member, memberRoleBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import { applyMergePatch, mergePatchBody } from '@lifeosai/http-kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { AuthApi } from '../identity/auth-api.ts';
import type { AuthDirectory } from '../identity/auth-directory.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { sessionCaller } from '../identity/session-caller.ts';
import type { InstanceDirectory } from './instance-directory.ts';
import { setMemberRole } from './member-roles.ts';

const userParams = z.object({ id: z.string().min(1).max(200) });
const orgParams = z.object({ orgId: z.string().min(1).max(200) });
const memberParams = orgParams.extend({ memberId: z.string().min(1).max(200) });

export interface AccountAdminDeps {
  db: Kysely<Database>;
  directory: InstanceDirectory;
  members: AuthDirectory;
  authApi: AuthApi;
  identities: CachedIdentityResolver;
}

/**
 * The instance admin's changes to accounts and memberships, inside the admin scope (instance
 * admin, session only). Disabling goes through better-auth's admin endpoint (`ban-user`): it
 * deletes every session of the account and refuses its sign-ins; the auth service refuses its
 * API keys on their next call, and the gateway forgets its cached identity at once. Both
 * changes are audited; an admin cannot disable themselves, and no organization loses its last
 * owner.
 */
export function registerAccountAdminRoutes(scope: FastifyInstance, deps: AccountAdminDeps): void {
  const { db, directory, members, authApi, identities } = deps;

  scope.patch('/api/admin/users/:id', async (request): Promise<InstanceUser> => {
    const { id } = userParams.parse(request.params);
    const patch = mergePatchBody.parse(request.body);
    const user = await directory.user(id);
    if (!user) throw notFound('user', id);
    const { disabled } = adminUserPatchBody.parse(applyMergePatch({ disabled: user.disabled }, patch));
    if (disabled === user.disabled) return user;
    if (disabled && id === request.caller.userId) {
      throw new PlatformError(
        'CANNOT_DISABLE_SELF',
        'You cannot disable your own account: you would lock yourself out. Sign out instead.',
      );
    }
    await authApi.post(disabled ? '/admin/ban-user' : '/admin/unban-user', sessionCaller(request), {
      userId: id,
      ...(disabled && { banReason: 'Disabled by the instance admin.' }),
    });
    identities.forgetUser(id);
    await audit(db, request.caller, {
      orgId: null,
      action: disabled ? 'user.disabled' : 'user.enabled',
      targetType: 'user',
      targetId: id,
      data: { email: user.email },
    });
    return { ...user, disabled };
  });

  scope.get('/api/admin/orgs/:orgId/members', async (request): Promise<{ items: Member[] }> => {
    const { orgId } = orgParams.parse(request.params);
    if (!(await directory.organizationNames([orgId])).has(orgId)) throw notFound('organization', orgId);
    return { items: await members.members(orgId) };
  });

  scope.patch('/api/admin/orgs/:orgId/members/:memberId', async (request): Promise<Member> => {
    const { orgId, memberId } = memberParams.parse(request.params);
    const patch = mergePatchBody.parse(request.body);
    const target = await members.member(orgId, memberId);
    if (!target) throw notFound('member', memberId);
    const { role } = memberRoleBody.parse(applyMergePatch({ role: target.role }, patch));
    const changed = await setMemberRole(db, { orgId, memberId, role });
    if (!changed) throw notFound('member', memberId);
    if (changed.from !== role) {
      identities.forgetUser(changed.userId);
      await audit(db, request.caller, {
        orgId,
        action: 'member.role_changed',
        targetType: 'member',
        targetId: memberId,
        data: { from: changed.from, to: role, by: 'instance-admin' },
      });
    }
    return { ...target, role };
  });
}
