import { createAgentSchema, type HarnessList, idParams } from '@lifeosai/api-contract';
import type { BillingOptions } from '@lifeosai/billing';
import type { Database } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import { mergePatchBody } from '@lifeosai/http-kit';
import type { SandboxDecision } from '@lifeosai/sandbox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { agentView, agentViews } from '../domain/agent-activity.ts';
import { createAgent, deleteAgent, getAgent, updateAgent } from '../domain/agents.ts';
import { toHarnessView } from '../domain/harness-view.ts';
import { refuseOverPlan } from '../domain/plan-limits.ts';
import { requireRole } from '../http/roles.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';

/** Members use agents (chat, runs, permissions); admins and owners manage them. */
const manageAgents = 'create, change or delete agents';

/** What the agent routes use: the database, the registered harnesses and where runs execute. */
export interface AgentRouteDeps {
  db: Kysely<Database>;
  /** Registered harnesses by id. */
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** For the run sandbox's state, shown beside the harness list. */
  orchestrator: Pick<Orchestrator, 'sandbox'>;
  /** Billing and its plans: with billing on, an agent past the plan's `limits.agents` is refused (402). */
  billing?: BillingOptions;
}

export function registerAgentRoutes(api: FastifyInstance, deps: AgentRouteDeps): void {
  const { db, harnesses } = deps;

  api.post('/agents', async (request, reply) => {
    requireRole(request.identity, 'admin', manageAgents);
    const input = createAgentSchema.parse(request.body ?? {});
    await refuseOverPlan(db, request.identity.orgId, deps.billing, 'agent');
    const agent = await createAgent(db, harnesses, request.identity, input);
    return reply.status(201).send(await agentView(db, request.identity, agent));
  });

  api.get('/agents', async (request) => {
    const agents = await db
      .selectFrom('agents')
      .selectAll()
      .where('orgId', '=', request.identity.orgId)
      .where('deletedAt', 'is', null)
      .orderBy('id')
      .execute();
    return { items: await agentViews(db, request.identity, agents) };
  });

  api.get('/agents/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    return agentView(db, request.identity, await getAgent(db, request.identity.orgId, id));
  });

  api.patch('/agents/:id', async (request) => {
    const { id } = idParams.parse(request.params);
    const patch = mergePatchBody.parse(request.body);
    // Who reads its conversations is also its creator's to decide (whatever their role now).
    const visibilityOnly = Object.keys(patch).length === 1 && 'visibility' in patch;
    const creator =
      visibilityOnly &&
      (await getAgent(db, request.identity.orgId, id)).createdBy === request.identity.userId;
    if (!creator) requireRole(request.identity, 'admin', manageAgents);
    const updated = await updateAgent(db, harnesses, request.identity.orgId, id, patch);
    return agentView(db, request.identity, updated);
  });

  api.delete('/agents/:id', async (request, reply) => {
    requireRole(request.identity, 'admin', manageAgents);
    const { id } = idParams.parse(request.params);
    await deleteAgent(db, request.identity.orgId, id);
    return reply.status(204).send();
  });

  api.get(
    '/harnesses',
    async (): Promise<HarnessList> => ({
      items: [...harnesses.values()].map(toHarnessView),
      runSandbox: runSandboxView(await deps.orchestrator.sandbox),
    }),
  );
}

/** Whether this instance sandboxes runs, and when not why and what to do (the web app's banner). */
function runSandboxView(decision: SandboxDecision): HarnessList['runSandbox'] {
  return decision.warning
    ? { sandboxed: false, message: decision.warning.message, fix: decision.warning.fix }
    : { sandboxed: true };
}
