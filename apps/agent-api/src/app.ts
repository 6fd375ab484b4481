import type { Database } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import { installErrorHandling } from '@lifeosai/http-kit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { EventBus } from './events/event-bus.ts';
import type { Identity, IdentityVerifier } from './http/identity.ts';
import type { Orchestrator } from './orchestration/orchestrator.ts';
import { registerAgentRoutes } from './routes/agents.ts';
import { registerInboxRoutes } from './routes/inbox.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerStreamRoutes } from './routes/stream.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set for every `/api/agent/*` request once the identity token is verified. */
    identity: Identity;
  }
}

/** Everything the HTTP layer needs; injected so tests run real parts wired their own way. */
export interface AgentApiDeps {
  db: Kysely<Database>;
  verifyIdentity: IdentityVerifier;
  bus: EventBus;
  /** Registered harnesses by id (`claude-code`, `pi`, …). */
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  orchestrator: Orchestrator;
  logger?: FastifyBaseLogger;
  version: string;
  /** SSE keep-alive comment period (ms). */
  sseKeepAliveMs?: number;
}

export async function buildApp(deps: AgentApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  installErrorHandling(app);
  app.decorateRequest('identity', undefined as unknown as Identity);

  app.get('/healthz', async () => ({ status: 'ok', service: 'agent-api', version: deps.version }));

  await app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        request.identity = await deps.verifyIdentity(request.headers.authorization);
      });
      registerAgentRoutes(api, deps);
      registerInboxRoutes(api, deps);
      registerSessionRoutes(api, deps);
      registerRunRoutes(api, deps);
      registerStreamRoutes(api, deps);
    },
    { prefix: '/api/agent' },
  );
  return app;
}
