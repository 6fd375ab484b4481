import { hkdfSync } from 'node:crypto';
import type { Database } from '@lifeosai/db';
import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { runState } from '../domain/runs/index.ts';

/** What a run token lets its holder be: one agent, during one run. */
export interface AgentScope {
  agentId: string;
  runId: string;
}

/**
 * What a run token is for: `agent` calls back into the Agent API as the agent
 * (`LIFEOSAI_AGENT_TOKEN`); `llm` stands in for every provider key at the LLM proxy. The
 * two never substitute for each other (each has its own audience).
 */
export type RunTokenKind = 'agent' | 'llm';

const issuer = 'lifeosai-agent-api';
const audiences: Record<RunTokenKind, string> = {
  agent: 'lifeosai-agent-run',
  llm: 'lifeosai-llm-proxy',
};
const claimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  run: z.string().min(1),
  att: z.number().int().min(1),
  exp: z.number(),
});
type Claims = z.infer<typeof claimsSchema>;

/** The run a token was minted for. */
export interface RunTokenSubject {
  id: string;
  orgId: string;
  agentId: string;
  /** The run's execution attempt: a token of an earlier attempt dies with it. */
  attempt: number;
}

/**
 * Per-run tokens: the Agent API mints them for every run and hands them to the run's
 * processes, so an agent can call back into the platform as itself and reach its model
 * through the LLM proxy, and nothing more. HS256 under a key derived from the master key,
 * so every instance of a cluster verifies what any other minted.
 *
 * Lifetime: a token is accepted only while its run is `running` in the database, in the
 * attempt it was minted for — it dies the moment the run ends (finished, failed, cancelled,
 * timed out, lost) — and never past its expiry (the run's timeout plus a minute).
 */
export interface RunTokens {
  mint(run: RunTokenSubject, ttlSeconds: number, kind?: RunTokenKind): Promise<string>;
  /** The scope and organization of a valid token of `kind` whose run is running; undefined for anything else. */
  verify(token: string, kind?: RunTokenKind): Promise<(AgentScope & { orgId: string }) | undefined>;
}

export interface RunTokenOptions {
  masterKey: Uint8Array;
  /**
   * Whether the run is executing now, in that attempt (`runIsRunning(db)`).
   * Contract: resolves false for unknown runs; may reject when the database is unreachable.
   */
  isRunning(runId: string, attempt: number): Promise<boolean>;
}

export function createRunTokens(options: RunTokenOptions): RunTokens {
  const key = new Uint8Array(
    hkdfSync('sha256', options.masterKey, new Uint8Array(0), 'lifeosai run tokens v1', 32),
  );
  const signed = verifiedTokens(10_000);
  return {
    mint(run, ttlSeconds, kind = 'agent') {
      return new SignJWT({ org: run.orgId, run: run.id, att: run.attempt })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(run.agentId)
        .setIssuer(issuer)
        .setAudience(audiences[kind])
        .setIssuedAt()
        .setExpirationTime(`${Math.max(60, Math.ceil(ttlSeconds))}s`)
        .sign(key);
    },
    async verify(token, kind = 'agent') {
      const cacheKey = `${kind} ${token}`;
      let claims = signed.get(cacheKey, Date.now());
      if (!claims) {
        let payload: unknown;
        try {
          ({ payload } = await jwtVerify(token, key, {
            issuer,
            audience: audiences[kind],
            algorithms: ['HS256'],
          }));
        } catch {
          return undefined;
        }
        const parsed = claimsSchema.safeParse(payload);
        if (!parsed.success) return undefined;
        claims = parsed.data;
        signed.set(cacheKey, claims, claims.exp * 1000);
      }
      // Checked on every call, cached or not: a token dies the moment its run ends.
      if (!(await options.isRunning(claims.run, claims.att))) return undefined;
      return { agentId: claims.sub, runId: claims.run, orgId: claims.org };
    },
  };
}

/**
 * Tokens whose signature and claims were checked, until they expire: a run's proxy token is
 * presented on every model call, and the signature check is the dear part (the liveness
 * check is never cached). Bounded: past `max` entries the oldest goes.
 */
function verifiedTokens(max: number) {
  const entries = new Map<string, { claims: Claims; expiresAt: number }>();
  return {
    get(token: string, now: number): Claims | undefined {
      const entry = entries.get(token);
      if (entry && entry.expiresAt > now) return entry.claims;
      if (entry) entries.delete(token);
      return undefined;
    },
    set(token: string, claims: Claims, expiresAt: number): void {
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(token, { claims, expiresAt });
    },
  };
}

/** `RunTokenOptions.isRunning` on the runs table. */
export function runIsRunning(db: Kysely<Database>): RunTokenOptions['isRunning'] {
  return async (runId, attempt) => {
    const run = await runState(db, runId);
    return run?.status === 'running' && run.attempt === attempt;
  };
}

/**
 * The routes an agent token may reach, all limited to its own agent and run: read itself,
 * read and add to its own inbox, read its own run and its events. Everything else is 403.
 */
export function agentMayCall(
  scope: AgentScope,
  method: string,
  route: string | undefined,
  id: string | undefined,
): boolean {
  const own = (value: string) => id === value;
  switch (`${method} ${route}`) {
    case 'GET /api/agent/agents/:id':
    case 'GET /api/agent/agents/:id/inbox':
    case 'POST /api/agent/agents/:id/inbox':
      return own(scope.agentId);
    case 'GET /api/agent/runs/:id':
    case 'GET /api/agent/runs/:id/events':
    case 'GET /api/agent/runs/:id/stream':
      return own(scope.runId);
    default:
      return false;
  }
}
