import { deleteOrganizationBody, type Organization, organizationPatchBody } from '@lifeosai/api-contract';
import type { Database } from '@lifeosai/db';
import { notFound, PlatformError } from '@lifeosai/errors';
import { applyMergePatch, mergePatchBody } from '@lifeosai/http-kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { audit } from '../audit.ts';
import type { FileService } from '../files/file-service.ts';
import type { AuthApi } from '../identity/auth-api.ts';
import type { AuthDirectory } from '../identity/auth-directory.ts';
import type { CachedIdentityResolver } from '../identity/identity-cache.ts';
import { sessionCaller } from '../identity/session-caller.ts';
import { eraseOrganizationData } from '../orgs/erase-organization-data.ts';

export interface OrgSettingsDeps {
  db: Kysely<Database>;
  directory: AuthDirectory;
  authApi: AuthApi;
  identities: CachedIdentityResolver;
  files: FileService;
}

/**
 * `PATCH /api/orgs/current` (rename: admin or owner) and `DELETE /api/orgs/current` (owner, with
 * the name typed again). Both go through better-auth with the caller's session, so its rules
 * apply too; both are audited.
 */
export function registerOrgSettingsRoutes(scope: FastifyInstance, deps: OrgSettingsDeps): void {
  const { db, directory, authApi, identities, files } = deps;

  async function current(request: FastifyRequest): Promise<Organization> {
    const organizations = await directory.organizationsOf(request.caller.userId);
    const found = organizations.find((organization) => organization.id === request.caller.orgId);
    if (!found) throw notFound('organization', request.caller.orgId);
    return found;
  }

  scope.patch(
    '/api/orgs/current',
    { config: { minRole: 'admin' } },
    async (request): Promise<Organization> => {
      const patch = mergePatchBody.parse(request.body);
      const organization = await current(request);
      const { name } = organizationPatchBody.parse(applyMergePatch({ name: organization.name }, patch));
      if (name === organization.name) return organization;
      await authApi.post('/organization/update', sessionCaller(request), {
        organizationId: organization.id,
        data: { name },
      });
      await audit(db, request.caller, {
        action: 'organization.renamed',
        targetType: 'organization',
        targetId: organization.id,
        data: { from: organization.name, to: name },
      });
      return { ...organization, name };
    },
  );

  scope.delete('/api/orgs/current', { config: { minRole: 'owner' } }, async (request, reply) => {
    const { confirm } = deleteOrganizationBody.parse(request.body ?? {});
    const organization = await current(request);
    if (organization.personal) {
      throw new PlatformError(
        'PERSONAL_ORGANIZATION',
        'This is your personal organization, made with your account: it cannot be deleted. ' +
          'Switch to an organization you created to delete that one.',
      );
    }
    if (confirm !== organization.name) {
      throw new PlatformError(
        'CONFIRMATION_MISMATCH',
        `Type the organization's name, ${JSON.stringify(organization.name)}, exactly to delete it.`,
      );
    }
    const active = await db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('orgId', '=', organization.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(active.count) > 0) {
      throw new PlatformError(
        'ORGANIZATION_BUSY',
        `${active.count} run(s) of this organization are queued or running; stop them (Runs → Stop), then delete it.`,
      );
    }
    const members = await directory.members(organization.id);
    await authApi.post('/organization/delete', sessionCaller(request), { organizationId: organization.id });
    for (const member of members) identities.forgetUser(member.userId);
    const erased = await eraseOrganizationData(db, files, organization.id);
    await audit(db, request.caller, {
      action: 'organization.deleted',
      targetType: 'organization',
      targetId: organization.id,
      data: { name: organization.name, members: members.length, ...erased },
    });
    return reply.status(204).send();
  });
}
