import type { AuthContext, BetterAuthPlugin } from '@better-auth/core';
import { claimInstanceAdmin, instanceAdminClaimSchema } from './first-admin.ts';
import { createPersonalOrganization } from './personal-organization.ts';

interface ProvisionedUser {
  id: string;
  name: string;
  email: string;
  personalOrganizationId?: string | null;
}

/**
 * Every new account: the first one on a fresh install becomes instance admin, and each gets
 * a personal organization it owns, which becomes the active organization of its sessions.
 *
 * Why both hooks: better-auth runs `user.create.after` only once the whole sign-up has
 * finished — after the first session was created — so the session hook provisions the user
 * itself when it finds them unprovisioned, and the user hook covers accounts created without
 * a session (admin-created users). `personalOrganizationId` on the user marks the work done;
 * concurrent calls for one user in this process share one run.
 */
export function provisioning() {
  let context: AuthContext | undefined;
  const running = new Map<string, Promise<string>>();

  const provision = (user: ProvisionedUser): Promise<string> => {
    if (user.personalOrganizationId) return Promise.resolve(user.personalOrganizationId);
    const pending = running.get(user.id);
    if (pending) return pending;
    const run = (async () => {
      const auth = context!;
      const fresh = (await auth.internalAdapter.findUserById(user.id)) as ProvisionedUser | null;
      if (!fresh) throw new Error(`Cannot provision user ${user.id}: not found.`);
      if (fresh.personalOrganizationId) return fresh.personalOrganizationId;
      await claimInstanceAdmin(auth, fresh.id);
      return createPersonalOrganization(auth, fresh);
    })().finally(() => running.delete(user.id));
    running.set(user.id, run);
    return run;
  };

  return {
    id: 'lifeosai-provisioning',
    schema: {
      ...instanceAdminClaimSchema,
      user: {
        fields: {
          /** The organization created for this user at sign-up; its owner is this user. */
          personalOrganizationId: { type: 'string', required: false, input: false },
        },
      },
    },
    init(authContext) {
      context = authContext;
      return {
        options: {
          databaseHooks: {
            user: {
              create: {
                async after(user) {
                  await provision(user as ProvisionedUser);
                },
              },
            },
            session: {
              create: {
                async before(session) {
                  const user = (await context!.internalAdapter.findUserById(
                    session.userId,
                  )) as ProvisionedUser | null;
                  if (!user) return;
                  return { data: { activeOrganizationId: await provision(user) } };
                },
              },
            },
          },
        },
      };
    },
  } satisfies BetterAuthPlugin;
}
