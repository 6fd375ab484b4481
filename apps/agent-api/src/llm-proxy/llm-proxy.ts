import { pipeline } from 'node:stream';
import { isKnownProviderId, type KnownProviderId, providerIds } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Harness } from '@lifeosai/harness-spec';
import type { EgressPolicy } from '@lifeosai/sandbox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Dispatcher } from 'undici';
import { agentProviderSettings } from '../credentials/agent-provider-settings.ts';
import type { CredentialResolver, ResolvedCredential } from '../credentials/provider-credentials.ts';
import type { RunStop } from '../events/run-command.ts';
import type { RunTokens } from '../http/run-token.ts';
import { budgetRefusal } from './budget-check.ts';
import { type CallingAgent, callingAgent } from './call-context.ts';
import { createTtlCache } from './call-plan-cache.ts';
import { createUpstreamPool, forwardCall } from './forward-call.ts';
import { requireModelCall } from './model-calls.ts';
import { authenticateProxyCall, type ProxyGrant, readProxyToken } from './proxy-token.ts';
import { recordUsage } from './record-usage.ts';
import { discardRest, upstreamBody } from './request-body.ts';
import { clientResponseHeaders, upstreamTarget } from './upstream-target.ts';
import { createUsageLedger } from './usage-ledger.ts';
import { usageMeter } from './usage-meter.ts';
import { usageObserver } from './wire-usage.ts';

/** What a call of a run to one provider needs, resolved once for a while. */
interface CallPlan {
  agent: CallingAgent;
  credential: ResolvedCredential;
}

export interface LlmProxyDeps {
  db: Kysely<Database>;
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** Verifies run proxy tokens (`kind: 'llm'`): valid only while their run is running. */
  runTokens: Pick<RunTokens, 'verify'>;
  /** Provider credentials: agent → organization → service environment, one source per provider. */
  credentials: CredentialResolver;
  /**
   * Ends a run the proxy refused for budget (the orchestrator's `stopRun`), wherever it
   * executes. Contract: resolves without throwing; may be called more than once per run.
   */
  stopRun(runId: string, stop: RunStop): Promise<void>;
  /** Largest request body forwarded, in bytes. Default 32 MiB (the providers' own limit). */
  maxBodyBytes?: number;
  /** Upstream connection pool; default one without timeouts (see `createUpstreamPool`). */
  dispatcher?: Dispatcher;
  /**
   * What a base URL set by an organization or an agent may reach: the run sandbox's egress
   * policy (no loopback, link-local or private address unless the operator allows it). Absent:
   * not policed (tests of the proxy alone).
   */
  egress?: EgressPolicy;
}

/**
 * The LLM proxy: a run reaches its model only through it, with a per-run token in place of
 * every provider key. See README.md ("LLM proxy").
 */
export interface LlmProxy {
  /** Registers `/llm/<provider>/*` on the Agent API's own app (never under `/api/agent`). */
  register(app: FastifyInstance): Promise<void>;
  /** Resolves once the usage of the run's calls in flight is recorded (bounded wait). */
  settle(runId: string): Promise<void>;
  /**
   * Drops the upstream connection pool and any call still on it. Call after the orchestrator
   * stopped (its runs, and so their callers, are gone); never waits on a stalled provider.
   */
  close(): Promise<void>;
}

export function createLlmProxy(deps: LlmProxyDeps): LlmProxy {
  const ledger = createUsageLedger();
  const dispatcher = deps.dispatcher ?? createUpstreamPool();
  // Base URLs the platform's users set are held to the sandbox's egress policy; the operator's are not.
  const policedDispatcher = deps.egress ? createUpstreamPool(deps.egress) : dispatcher;
  const limit = deps.maxBodyBytes ?? 32 * 1024 * 1024;
  const plans = createTtlCache<CallPlan>(10_000, 10_000);

  /** The calling agent and the provider's credential, resolved once per run and provider every 10 s. */
  const callPlan = async (grant: ProxyGrant, provider: KnownProviderId): Promise<CallPlan> => {
    const key = `${grant.runId} ${provider}`;
    const cached = plans.get(key);
    if (cached) return cached;
    const agent = await callingAgent(deps.db, grant);
    const credential = await deps.credentials.forAgent(
      grant.orgId,
      agentProviderSettings(deps.harnesses, agent),
      provider,
    );
    const plan = { agent, credential };
    plans.set(key, plan);
    return plan;
  };

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const provider = providerOf((request.params as { provider: string }).provider);
    // The raw path after `/llm/<provider>`, forwarded byte for byte.
    const rest = request.url.replace(/^\/llm\/[^/?]*/, '');
    const query = new URLSearchParams(rest.includes('?') ? rest.slice(rest.indexOf('?') + 1) : '');
    const path = rest.split('?')[0]!;
    const grant = await authenticateProxyCall(deps.runTokens, readProxyToken(request.headers, query));
    try {
      requireModelCall(provider, request.method, path);
    } catch (error) {
      // Worth a line: a run probing its provider's other endpoints with the platform's key.
      request.log.warn(
        { runId: grant.runId, method: request.method, path },
        'LLM proxy refused a non-model call',
      );
      throw error;
    }
    const plan = await callPlan(grant, provider);
    const refusal = await budgetRefusal(deps.db, plan.agent);
    if (refusal) {
      await deps.stopRun(grant.runId, { errorClass: 'budget_exceeded', message: refusal });
      throw new PlatformError('BUDGET_EXCEEDED', refusal, { status: 402 });
    }
    const target = upstreamTarget(provider, plan.credential, rest, request.headers);
    const upload = await upstreamBody(request.body, request.headers['content-length'], {
      limit,
      ensureChatUsage:
        provider === 'openai' && request.method === 'POST' && /\/chat\/completions\/?$/.test(path),
    });
    const abort = new AbortController();
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const policed = plan.credential.source !== 'environment' ? deps.egress : undefined;
    const pool = policed ? policedDispatcher : dispatcher;
    const upstream = await forwardCall(pool, provider, request.method, target, upload, abort.signal, policed);
    reply.code(upstream.statusCode).headers(clientResponseHeaders(upstream.headers));
    if (upstream.statusCode < 200 || upstream.statusCode >= 300) return reply.send(upstream.body);
    const contentType = upstream.headers['content-type'];
    const meter = usageMeter(
      Array.isArray(contentType) ? contentType[0] : contentType,
      usageObserver(provider),
    );
    const fallbackModel = /\/models\/([^/:]+):/.exec(rest)?.[1];
    ledger.track(
      grant.runId,
      meter.done
        .then((usage) => usage && recordUsage(deps.db, grant, provider, usage, fallbackModel))
        .catch((error: unknown) =>
          request.log.error({ err: error, runId: grant.runId }, 'recording LLM usage failed'),
        ),
    );
    // pipeline: a client that leaves destroys the upstream body too (and the call is aborted).
    pipeline(upstream.body, meter.stream, () => {});
    return reply.send(meter.stream);
  };

  return {
    async register(app) {
      await app.register(async (scope) => {
        // Bodies pass through as streams: nothing is parsed or buffered by Fastify.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
        // A refusal sent before the client's body was read to its end (the provider could not
        // be reached, a base URL the egress policy refuses, an upstream error) reads and drops
        // the rest: left unread on a kept-alive connection, it would be taken for the next
        // request on it, which then hangs. A success keeps streaming the body upstream.
        scope.addHook('onSend', async (request, reply) => {
          if (!request.raw.complete && reply.statusCode >= 400) discardRest(request.raw, limit);
        });
        scope.all('/llm/:provider', handle);
        scope.all('/llm/:provider/*', handle);
      });
    },
    settle: (runId) => ledger.settle(runId),
    close: async () => {
      await dispatcher.destroy();
      if (policedDispatcher !== dispatcher) await policedDispatcher.destroy();
    },
  };
}

function providerOf(name: string): KnownProviderId {
  if (isKnownProviderId(name)) return name;
  throw new PlatformError(
    'NOT_FOUND',
    `The LLM proxy serves ${providerIds.map((id) => `/llm/${id}`).join(', ')}; not /llm/${name}.`,
  );
}
