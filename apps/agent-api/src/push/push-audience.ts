import type { Database, Run } from '@lifeosai/db';
import { type AuthTables, strongestRole } from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/**
 * Who may be told about a run or an agent's channel. Contract: resolves to user ids (repeats
 * allowed); may reject (the sender logs it and tells nobody). Everyone told about a run may read
 * its conversation (the rule of `domain/sessions/readers.ts`): a private agent's conversation
 * a person started reaches that person only.
 */
export interface PushAudience {
  /**
   * A run needs permission: who started it, and — when they may read the conversation (an
   * agent shared with the organization, or a conversation no person started) — the agent's
   * owner and the organization's admins.
   */
  permission(run: Run): Promise<string[]>;
  /** A run ended: the person who started it; for a run no person started, the agent's owner. */
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
  /** Who started the run (a person, or an API key's owner); undefined for heartbeat, channel, phone. */
  const starterOf = (run: Run): string | undefined =>
    (run.triggerKind === 'user' || run.triggerKind === 'api') && run.triggerBy ? run.triggerBy : undefined;
  /** Whether people other than the conversation's author may read it (see readers.ts). */
  const sharedConversation = async (run: Run): Promise<boolean> => {
    const row = await db
      .selectFrom('sessions')
      .innerJoin('agents', 'agents.id', 'sessions.agentId')
      .select(['sessions.authorId', 'agents.visibility'])
      .where('sessions.id', '=', run.sessionId)
      .executeTakeFirst();
    return row !== undefined && (row.visibility === 'organization' || row.authorId === null);
  };

  return {
    async permission(run) {
      const starter = starterOf(run);
      if (!(await sharedConversation(run))) return starter ? [starter] : [];
      const [owner, admins] = await Promise.all([agentOwner(run.agentId), orgAdmins(run.orgId)]);
      return [...new Set([...(starter ? [starter] : []), ...owner, ...admins])];
    },
    async finished(run) {
      const starter = starterOf(run);
      return starter ? [starter] : agentOwner(run.agentId);
    },
    async senderApproval(orgId, agentId) {
      const [owner, admins] = await Promise.all([agentOwner(agentId), orgAdmins(orgId)]);
      return [...new Set([...owner, ...admins])];
    },
  };
}
