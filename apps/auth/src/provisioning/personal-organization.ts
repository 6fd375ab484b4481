import { randomBytes } from 'node:crypto';
import type { AuthContext } from '@better-auth/core';
import { getCurrentAdapter } from '@better-auth/core/context';
import { APIError } from '@better-auth/core/error';
import { errorCodes } from '@lifeosai/errors';

/** The organization role of a personal workspace's only member. */
const ownerRole = 'owner';

/**
 * Creates `<name>'s workspace` with the user as owner and records it on the user
 * (`personalOrganizationId`), which marks the user as provisioned. Written straight through
 * the adapter (not the organization endpoint) so it can run inside better-auth's own hooks.
 */
export async function createPersonalOrganization(
  context: AuthContext,
  user: { id: string; name: string; email: string },
): Promise<string> {
  const adapter = await getCurrentAdapter(context.adapter);
  const displayName = user.name.trim() || user.email.split('@')[0] || 'My';
  const now = new Date();
  let organization: { id: string } | undefined;
  for (let attempt = 0; !organization; attempt++) {
    try {
      organization = await adapter.create<Record<string, unknown>, { id: string }>({
        model: 'organization',
        data: { name: `${displayName}'s workspace`, slug: personalSlug(displayName), createdAt: now },
      });
    } catch (error) {
      // Only a slug collision is worth another try (a new random suffix); three in a row is not one.
      if (attempt >= 2) throw error;
    }
  }
  await adapter.create({
    model: 'member',
    data: { organizationId: organization.id, userId: user.id, role: ownerRole, createdAt: now },
  });
  await context.internalAdapter.updateUser(user.id, { personalOrganizationId: organization.id });
  return organization.id;
}

/** `Ada Lovelace` → `ada-lovelace-k3x9qa`: readable, and unique thanks to the suffix. */
export function personalSlug(name: string): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  const suffix = Array.from(randomBytes(6), (byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join(
    '',
  );
  return `${base}-${suffix}`;
}

/**
 * `organizationHooks.beforeDeleteOrganization`: a personal workspace cannot be deleted. Its
 * owner's sessions start in it and their identity falls back to it; without it they would be
 * signed in yet belong nowhere.
 */
export async function keepPersonalOrganization(
  data: { organization: { id: string }; user: { id: string } & Record<string, unknown> },
  context?: { context: Pick<AuthContext, 'adapter'> },
): Promise<void> {
  const personalOf = context
    ? await context.context.adapter.findOne({
        model: 'user',
        where: [{ field: 'personalOrganizationId', value: data.organization.id }],
      })
    : data.user.personalOrganizationId === data.organization.id;
  if (personalOf) {
    throw APIError.from('FORBIDDEN', {
      code: errorCodes.PERSONAL_ORGANIZATION.code,
      message: 'A personal workspace cannot be deleted.',
    });
  }
}
