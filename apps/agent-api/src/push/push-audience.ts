import type { Database, Run } from '@lifeosai/db';
import { type AuthTables, strongestRole } from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/**
 * Who may be told about a run or an agent's channel. Contract: resolves to user ids (repeats
 * allowed); may reject (the sender logs it and tells nobody).
 *
 * Seam for conversation privacy (issue 13, conversations): once runs record who started them
 * (`trigger.by`) and agents their `visibility`, `runStarter` becomes that user, and every list
 * here keeps only users who may see the run (a private agent's conversation: its author).
 */
export interface PushAudience {
  /** A run needs permission: the user who started it, the agent's owner, the org's admins. */
  permission(run: Run): Promise<string[]>;
  /** A run ended: the user who started it. */
  finished(run: Run): Promise<string[]>;
  /** A channel sender waits for approval: the agent's owner and the org's admins. */
  senderApproval(orgId: string, agentId: string): Promise<string[]>;
}

/** The audience read from the platform's tables and better-auth's memberships. */
export function createPushAudience(db: Kysely<Database>): PushAudience {
  // better-auth's camelCase columns: read without our CamelCasePlugin.
  const authDb = db.withoutPlugins() as unknown as Kysely<AuthTables<string | number>>;

  const agentOwner = async (agentId: string): Promise<string[]> => {
    const agent = await db
      .selectFrom('agents')
      .select('createdBy')
      .where('id', '=', agentId)
      .executeTakeFirst();
    return agent ? [agent.createdBy] : [];
  };
  const orgAdmins = async (orgId: string): Promise<string[]> => {
    const members = await authDb
      .selectFrom('member')
      .select(['userId', 'role'])
      .where('organizationId', '=', orgId)
      .execute();
    return members.filter((member) => strongestRole(member.role) !== 'member').map((member) => member.userId);
  };
  // Until runs record their starter, the agent's owner stands in for them.
  const runStarter = (run: Run) => agentOwner(run.agentId);

  return {
    async permission(run) {
      const [starter, owner, admins] = await Promise.all([
        runStarter(run),
        agentOwner(run.agentId),
        orgAdmins(run.orgId),
      ]);
      return [...new Set([...starter, ...owner, ...admins])];
    },
    finished: runStarter,
    async senderApproval(orgId, agentId) {
      const [owner, admins] = await Promise.all([agentOwner(agentId), orgAdmins(orgId)]);
      return [...new Set([...owner, ...admins])];
    },
  };
}
