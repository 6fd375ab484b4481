import { runSchema, sessionPageSchema, sessionSummarySchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { type Database, newId, nowIso } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../http/identity.ts';
import { alice, mallory, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { sseEvents, take } from './sse-test-client.ts';

// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions.
type Json = any;

/** Two members of alice's organization: Bob in the web app, Carol with an API key. */
const bob: Identity = { userId: 'usr_bob', orgId: 'org_a', role: 'member', via: 'session', name: 'Bob' };
const carol: Identity = { userId: 'usr_carol', orgId: 'org_a', role: 'member', via: 'api-key' };

const pi = { name: 'Shared desk', adapterType: 'pi', adapterConfig: { model: 'claude-sonnet-4-6' } };

/** A finished conversation written straight into the tables (no harness needed to read one back). */
async function seedConversation(
  db: Kysely<Database>,
  agentId: string,
  options: { author?: Identity; kind: 'user' | 'heartbeat'; prompt: string; at: string; title?: string },
): Promise<{ sessionId: string; runId: string }> {
  const sessionId = newId('ses');
  const runId = newId('run');
  const trigger = {
    triggerKind: options.kind,
    triggerBy: options.author?.userId ?? null,
    triggerByName: options.author?.name ?? null,
  };
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      orgId: 'org_a',
      agentId,
      harness: 'pi',
      title: options.title ?? null,
      authorId: options.author?.userId ?? null,
      ...trigger,
      createdAt: options.at,
      updatedAt: options.at,
    })
    .execute();
  await db
    .insertInto('runs')
    .values({
      id: runId,
      orgId: 'org_a',
      agentId,
      sessionId,
      status: 'succeeded',
      prompt: options.prompt,
      ...trigger,
      timeoutSec: 60,
      createdAt: options.at,
      startedAt: options.at,
      finishedAt: options.at,
    })
    .execute();
  return { sessionId, runId };
}

describe.each(testDialects)('conversations and their privacy on %s', (dialect) => {
  let platform: TestPlatform;
  let agent: Json;
  let bobs: { sessionId: string; runId: string };
  let carols: { sessionId: string; runId: string };
  let heartbeat: { sessionId: string; runId: string };
  beforeAll(async () => {
    platform = await startTestPlatform(dialect);
    agent = (await platform.call('POST', '/api/agent/agents', pi)).body;
    const db = platform.database.db;
    // Real runs record who started them and how.
    const startedByBob = await platform.call(
      'POST',
      `/api/agent/agents/${agent.id}/runs`,
      { prompt: 'Plan the ROADMAP for spring' },
      bob,
    );
    const startedByCarol = await platform.call(
      'POST',
      `/api/agent/agents/${agent.id}/runs`,
      { prompt: 'Summarise the invoices' },
      carol,
    );
    expect(startedByBob.status).toBe(202);
    bobs = { sessionId: startedByBob.body.sessionId, runId: startedByBob.body.id };
    carols = { sessionId: startedByCarol.body.sessionId, runId: startedByCarol.body.id };
    await platform.waitForRun(bobs.runId, bob);
    await platform.waitForRun(carols.runId, carol);
    heartbeat = await seedConversation(db, agent.id, {
      kind: 'heartbeat',
      prompt: 'Heartbeat: these items are due.',
      at: nowIso(),
    });
  }, 120_000);
  afterAll(() => platform?.close());

  const get = (path: string, as: Identity) => platform.call('GET', `/api/agent${path}`, undefined, as);
  const listed = async (as: Identity, query = '') => {
    const page = await get(`/agents/${agent.id}/sessions${query}`, as);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expectContract(sessionPageSchema, page.body);
    return page.body.items.map((item: Json) => item.id);
  };

  it('records on each run who started it and how: the web app is "user", an API key "api"', async () => {
    const run = await get(`/runs/${bobs.runId}`, bob);
    expectContract(runSchema, run.body);
    expect(run.body.trigger).toEqual({ kind: 'user', by: 'usr_bob', byName: 'Bob' });
    expect((await get(`/runs/${carols.runId}`, carol)).body.trigger).toEqual({
      kind: 'api',
      by: 'usr_carol',
    });
    const [item] = (await get(`/agents/${agent.id}/sessions`, bob)).body.items;
    expect(item).toEqual({
      id: bobs.sessionId,
      title: 'Plan the ROADMAP for spring',
      lastActivityAt: expect.any(String),
      startedBy: { kind: 'user', by: 'usr_bob', byName: 'Bob' },
    });
  });

  it('a private agent: each member reads only their own; the owner also those nobody started', async () => {
    expect(await listed(bob)).toEqual([bobs.sessionId]);
    expect(await listed(carol)).toEqual([carols.sessionId]);
    expect(await listed(alice)).toEqual([heartbeat.sessionId]);
    const runsOf = async (as: Identity) =>
      (await get(`/runs?agentId=${agent.id}`, as)).body.items.map((run: Json) => run.id);
    expect(await runsOf(bob)).toEqual([bobs.runId]);
    expect(await runsOf(alice)).toEqual([heartbeat.runId]);
    expect((await get(`/runs?sessionId=${carols.sessionId}`, bob)).body.items).toEqual([]);
  });

  it("every route that reads or acts on another member's conversation answers 404", async () => {
    const { sessionId, runId } = carols;
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/sessions/${sessionId}`],
      ['PATCH', `/sessions/${sessionId}`, { title: 'mine now' }],
      ['POST', `/sessions/${sessionId}/fork`, {}],
      ['GET', `/sessions/${sessionId}/stream`],
      ['GET', `/runs/${runId}`],
      ['GET', `/runs/${runId}/events`],
      ['GET', `/runs/${runId}/stream`],
      ['POST', `/runs/${runId}/cancel`],
      ['POST', `/runs/${runId}/permissions/req_1`, { decision: 'allow' }],
      ['POST', `/agents/${agent.id}/runs`, { prompt: 'continue hers', sessionId }],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await platform.call(method, `/api/agent${path}`, body, bob);
      expect([path, answer.status, answer.body?.error?.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
    // Another organization's owner: the same 404, even for the conversation nobody started.
    expect((await get(`/sessions/${heartbeat.sessionId}`, mallory)).status).toBe(404);
    expect((await get(`/agents/${agent.id}/sessions`, mallory)).status).toBe(404);
  });

  it("the agent's feed leaves out the runs of conversations the reader may not read", async () => {
    const response = await fetch(`${platform.url}/api/agent/agents/${agent.id}/stream`, {
      headers: { authorization: await platform.tokens.authorization(bob) },
    });
    expect(response.status).toBe(200);
    const events = sseEvents(response.body!);
    const hers = await platform.call(
      'POST',
      `/api/agent/agents/${agent.id}/runs`,
      { prompt: 'hers, unseen', sessionId: carols.sessionId },
      carol,
    );
    await platform.waitForRun(hers.body.id, carol);
    const his = await platform.call(
      'POST',
      `/api/agent/agents/${agent.id}/runs`,
      { prompt: 'his, seen', sessionId: bobs.sessionId },
      bob,
    );
    const [first] = await take(events, 1);
    expect(first!.id.split(':')[0]).toBe(his.body.id);
    await events.return(undefined);
    await platform.waitForRun(his.body.id, bob);
  });

  it('shared with the organization: every member reads every conversation; a member cannot share it', async () => {
    const refused = await platform.call(
      'PATCH',
      `/api/agent/agents/${agent.id}`,
      { visibility: 'organization' },
      bob,
    );
    expect(refused.status).toBe(403);
    const shared = await platform.call('PATCH', `/api/agent/agents/${agent.id}`, {
      visibility: 'organization',
    });
    expect(shared.body.visibility).toBe('organization');
    expect((await listed(bob)).sort()).toEqual(
      [bobs.sessionId, carols.sessionId, heartbeat.sessionId].sort(),
    );
    expect((await get(`/runs/${carols.runId}`, bob)).status).toBe(200);
    await platform.call('PATCH', `/api/agent/agents/${agent.id}`, { visibility: 'private' });
    expect((await get(`/runs/${carols.runId}`, bob)).status).toBe(404);
  });

  it('renames (null goes back to the first message), searches titles and messages ignoring case', async () => {
    const renamed = await platform.call(
      'PATCH',
      `/api/agent/sessions/${bobs.sessionId}`,
      { title: 'Spring planning' },
      bob,
    );
    expect(renamed.status).toBe(200);
    expectContract(sessionSummarySchema, renamed.body);
    expect(renamed.body.title).toBe('Spring planning');
    expect((await get(`/sessions/${bobs.sessionId}`, bob)).body.title).toBe('Spring planning');
    expect(await listed(bob, '?q=SPRING%20PLAN')).toEqual([bobs.sessionId]);
    expect(await listed(bob, '?q=roadmap')).toEqual([bobs.sessionId]);
    expect(await listed(bob, '?q=his%2C%20SEEN')).toEqual([bobs.sessionId]);
    expect(await listed(bob, '?q=invoices')).toEqual([]);
    expect(await listed(bob, '?q=100%25')).toEqual([]);
    const reset = await platform.call('PATCH', `/api/agent/sessions/${bobs.sessionId}`, { title: null }, bob);
    expect(reset.body.title).toBe('Plan the ROADMAP for spring');
    const bad = await platform.call('PATCH', `/api/agent/sessions/${bobs.sessionId}`, { title: 7 }, bob);
    expect(bad.status).toBe(400);
  });

  it('pages latest activity first with a stable cursor, ties included', async () => {
    const other = (await platform.call('POST', '/api/agent/agents', { ...pi, name: 'Pager' })).body;
    const at = '2026-01-01T00:00:00.000Z';
    const seeded = [];
    for (let index = 0; index < 5; index++) {
      seeded.push(
        await seedConversation(platform.database.db, other.id, {
          author: bob,
          kind: 'user',
          prompt: `tie ${index}`,
          at: index < 4 ? at : '2026-01-02T00:00:00.000Z',
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await get(`/agents/${other.id}/sessions${query}`, bob);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: Json) => item.id));
      cursor = page.body.nextCursor;
    }
    const ties = seeded.slice(0, 4).map((one) => one.sessionId);
    expect(seen).toEqual([seeded[4]!.sessionId, ...ties.sort().reverse()]);
    const badCursor = await get(`/agents/${other.id}/sessions?cursor=nonsense`, bob);
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});
