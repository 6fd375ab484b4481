import { hkdfSync } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

/** What a run token lets its holder be: one agent, during one run. */
export interface AgentScope {
  agentId: string;
  runId: string;
}

const issuer = 'lifeosai-agent-api';
const audience = 'lifeosai-agent-run';
const claimsSchema = z.object({ sub: z.string().min(1), org: z.string().min(1), run: z.string().min(1) });

/**
 * Per-run tokens: the Agent API mints one for every run and hands it to the run's processes
 * (`LIFEOSAI_AGENT_TOKEN`), so an agent can call back into the platform as itself and
 * nothing more. HS256 under a key derived from the master key, so every instance of a
 * cluster verifies what any other minted; it expires with the run's timeout.
 */
export interface RunTokens {
  mint(run: { id: string; orgId: string; agentId: string }, ttlSeconds: number): Promise<string>;
  /** The scope and organization of a valid run token; undefined for anything else. */
  verify(token: string): Promise<(AgentScope & { orgId: string }) | undefined>;
}

export function createRunTokens(masterKey: Uint8Array): RunTokens {
  const key = new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), 'lifeosai run tokens v1', 32));
  return {
    mint(run, ttlSeconds) {
      return new SignJWT({ org: run.orgId, run: run.id })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(run.agentId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${Math.max(60, Math.ceil(ttlSeconds))}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer, audience, algorithms: ['HS256'] });
        const claims = claimsSchema.safeParse(payload);
        return claims.success
          ? { agentId: claims.data.sub, runId: claims.data.run, orgId: claims.data.org }
          : undefined;
      } catch {
        return undefined;
      }
    },
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
