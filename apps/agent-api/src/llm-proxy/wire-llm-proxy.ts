import type { KnownProviderId } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import type { EgressPolicy } from '@lifeosai/sandbox';
import type { SecretStore } from '@lifeosai/secrets';
import type { Kysely } from 'kysely';
import { type CredentialResolver, createCredentialResolver } from '../credentials/provider-credentials.ts';
import { createRunTokens, type RunTokens, runIsRunning } from '../http/run-token.ts';
import type { ExecutorDeps } from '../orchestration/executor-deps.ts';
import type { Orchestrator } from '../orchestration/orchestrator.ts';
import { createLlmProxy, type LlmProxy } from './llm-proxy.ts';

export interface LlmProxyWiringOptions {
  db: Kysely<Database>;
  harnesses: ReadonlyMap<string, Harness<unknown>>;
  /** The organizations' stored secrets (provider keys, MCP secrets). */
  secrets: SecretStore;
  /** The master key run tokens are derived from. */
  masterKey: Uint8Array;
  /** The service environment: the last credential source (`ANTHROPIC_API_KEY`, …). */
  env: Record<string, string | undefined>;
  /** The providers' public base URLs; a seam for tests. */
  defaultBaseUrls?: Partial<Record<KnownProviderId, string>>;
  /** The proxy's request body limit (`LlmProxyDeps.maxBodyBytes`). */
  maxBodyBytes?: number;
  /** What base URLs set by organizations and agents may reach (`LlmProxyDeps.egress`). */
  egress?: EgressPolicy;
}

/** The LLM proxy and everything around it, wired as the Agent API runs it. */
export interface LlmProxyWiring {
  runTokens: RunTokens;
  credentials: CredentialResolver;
  llmProxy: LlmProxy;
  /** What the orchestrator's executor needs of the proxy. */
  executor: Pick<ExecutorDeps, 'runTokens' | 'revealSecret' | 'settleUsage'>;
  /** Hands the proxy the orchestrator that ends runs refused for budget; call once, before runs start. */
  connect(orchestrator: Pick<Orchestrator, 'stopRun'>): void;
}

/**
 * One way to wire run tokens (valid while their run runs), the credential resolver (agent →
 * organization → environment), the proxy and the executor's side of it, shared by the
 * service (`service.ts`), the test platform and the benchmarks.
 */
export function wireLlmProxy(options: LlmProxyWiringOptions): LlmProxyWiring {
  const runTokens = createRunTokens({ masterKey: options.masterKey, isRunning: runIsRunning(options.db) });
  const credentials = createCredentialResolver({
    db: options.db,
    secrets: options.secrets,
    env: options.env,
    ...(options.defaultBaseUrls && { defaultBaseUrls: options.defaultBaseUrls }),
  });
  let orchestrator: Pick<Orchestrator, 'stopRun'> | undefined;
  const llmProxy = createLlmProxy({
    db: options.db,
    harnesses: options.harnesses,
    runTokens,
    credentials,
    stopRun: async (runId, stop) => {
      await orchestrator?.stopRun(runId, stop);
    },
    ...(options.maxBodyBytes && { maxBodyBytes: options.maxBodyBytes }),
    ...(options.egress && { egress: options.egress }),
  });
  return {
    runTokens,
    credentials,
    llmProxy,
    executor: {
      runTokens,
      revealSecret: (orgId, name) => options.secrets.reveal(orgId, name),
      settleUsage: (runId: string) => llmProxy.settle(runId),
    },
    connect(value) {
      orchestrator = value;
    },
  };
}
