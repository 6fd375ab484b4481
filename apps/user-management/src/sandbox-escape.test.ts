import { randomBytes } from 'node:crypto';
import { scriptToolCall } from '@lifeosai/harness-conformance';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from './testing/test-stack.ts';

/*
 * The escape checks of the harness conformance suite, on the whole platform: an agent's shell
 * (Pi's bash, in the real run sandbox) tries every service's internal and mail endpoints, the
 * other loopback ports, and the Agent API with a forged token — the services are on this
 * machine's loopback, as in local mode. Only what a run is for answers: its own agent, with its
 * own token, through the platform's address inside the sandbox.
 */

let stack: TestStack;
let owner: TestUser;
let agentId: string;

beforeAll(async () => {
  stack = await startTestStack('sqlite', { mail: 'outbox' });
  owner = await stack.signUp('Owner');
  agentId = (await owner.client.post('/api/agent/agents', { name: 'prober', adapterType: 'pi' })).json.id;
}, 60_000);

afterAll(async () => stack?.close());

/** Runs a Node script as the agent, through its bash tool; resolves with what it printed. */
async function asTheAgent(script: string): Promise<string> {
  const marker = `probe-${randomBytes(4).toString('hex')}`;
  const command = `node -e '${script.replaceAll("'", `'"'"'`)}'`;
  scriptToolCall(stack.fake, marker, 'bash', { command }, 'Probed.');
  const run = await owner.client.post(`/api/agent/agents/${agentId}/runs`, { prompt: `Probe. ${marker}` });
  expect((await stack.waitForRun(owner.client, run.json.id)).status).toBe('succeeded');
  const events = (await owner.client.get(`/api/agent/runs/${run.json.id}/events`)).json.items as Array<{
    type: string;
    message?: { content?: unknown };
  }>;
  return JSON.stringify(
    events.filter((event) => event.type === 'user').map((event) => event.message?.content),
  );
}

it("an agent's shell reaches none of the services' internal, mail or admin endpoints, on any address", async () => {
  const targets = {
    authInternal: `${stack.authUrl}/internal/identity`,
    gatewayJwks: `${stack.gatewayUrl}/internal/jwks`,
    gatewayOutbox: `${stack.gatewayUrl}/api/admin/outbox`,
    agentApiDirect: `${stack.agentApiUrl}/api/agent/agents`,
  };
  const script = `
    const tries = ${JSON.stringify(targets)};
    (async () => {
      for (const [name, url] of Object.entries(tries)) {
        const direct = await fetch(url).then((r) => "HTTP " + r.status, (e) => e.cause?.code ?? e.message);
        console.log(name, "direct", direct);
      }
      const origin = new URL(process.env.LIFEOSAI_API_URL).origin;
      for (const path of ["/internal/jwks", "/internal/identity", "/api/admin/outbox", "/healthz"]) {
        const viaPlatform = await fetch(origin + path).then((r) => "HTTP " + r.status, (e) => e.message);
        console.log("platform", path, viaPlatform);
      }
      const forged = await fetch(process.env.LIFEOSAI_API_URL + "/agents", { headers: { authorization: "Bearer forged" } });
      console.log("forged", forged.status);
      const own = await fetch(process.env.LIFEOSAI_API_URL + "/agents/${agentId}", { headers: { authorization: "Bearer " + process.env.LIFEOSAI_AGENT_TOKEN } });
      console.log("own", own.status);
    })();`;
  const output = await asTheAgent(script);
  // Every service is on this machine's loopback; the sandbox has a loopback of its own, where
  // only the Agent API's port answers (the platform's address inside), and only with a token.
  for (const name of ['authInternal', 'gatewayJwks', 'gatewayOutbox']) {
    expect(output).toMatch(new RegExp(`${name} direct (ECONNREFUSED|ENETUNREACH)`));
  }
  expect(output).toContain('agentApiDirect direct HTTP 401');
  // Through the platform's address inside the sandbox: the Agent API's run paths only.
  for (const path of ['/internal/jwks', '/internal/identity', '/api/admin/outbox', '/healthz']) {
    expect(output).toContain(`platform ${path} HTTP 404`);
  }
  expect(output).toContain('forged 401');
  expect(output).toContain('own 200');
  expect(output).not.toMatch(/"keys"|lfo_|reset-password|verify-email/);
});
