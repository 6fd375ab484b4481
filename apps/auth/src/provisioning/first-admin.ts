import type { AuthContext } from '@better-auth/core';
import { getCurrentAdapter } from '@better-auth/core/context';

/** The claim row's fixed id: the primary key itself makes the claim exclusive. */
const claimId = 'instance-admin';

/** better-auth schema for the claim table (migrated with better-auth's own tables). */
export const instanceAdminClaimSchema = {
  instanceAdminClaim: {
    fields: {
      userId: {
        type: 'string',
        required: true,
        references: { model: 'user', field: 'id', onDelete: 'cascade' },
      },
      createdAt: { type: 'date', required: true },
    },
  },
} as const;

/**
 * Makes `userId` the instance admin if nobody has been yet. Race-safe on both dialects:
 * every contender inserts the same primary key and the database lets exactly one through,
 * so two simultaneous first sign-ups produce one admin. Returns whether this user won.
 */
export async function claimInstanceAdmin(context: AuthContext, userId: string): Promise<boolean> {
  const adapter = await getCurrentAdapter(context.adapter);
  const existing = await adapter.findOne<{ userId: string }>({
    model: 'instanceAdminClaim',
    where: [{ field: 'id', value: claimId }],
  });
  if (existing) return existing.userId === userId;
  try {
    await adapter.create({
      model: 'instanceAdminClaim',
      data: { id: claimId, userId, createdAt: new Date() },
      forceAllowId: true,
    });
  } catch (error) {
    const winner = await adapter.findOne<{ userId: string }>({
      model: 'instanceAdminClaim',
      where: [{ field: 'id', value: claimId }],
    });
    if (!winner) throw error;
    return winner.userId === userId;
  }
  await context.internalAdapter.updateUser(userId, { role: 'admin' });
  return true;
}
