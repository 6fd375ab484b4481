import { randomBytes } from 'node:crypto';
import { descendantsOf, isLeftOver } from '@lifeosai/harness-kit';
import { stall, text, toolCall } from '@lifeosai/testkit/fake-llm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harnessCases } from '../testing/harness-cases.ts';
import { alice, startTestPlatform, type TestPlatform } from '../testing/test-platform.ts';
import { readToEnd, sseEvents } from './sse-test-client.ts';

// biome-ignore lint/suspicious/noExplicitAny: events are checked by the assertions.
type Event = any;

/**
 * The conversation of ../shared/API.md, through the public routes, for every registered
 * harness and ACP preset with its real runtime: a message, the next turn with its history, a
 * tool call, a stream resumed after a disconnect, a cancel — and a cost on every run.
 */
describe('the API conversation flow', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform('sqlite');
  }, 60_000);
  afterAll(() => platform?.close());

  describe.each(harnessCases)('with $label', (harness) => {
    let agentId = '';
    let firstRun: { id: string; sessionId: string } | undefined;

    const startRun = async (prompt: string, sessionId?: string) => {
      if (!agentId) {
        const created = await platform.call('POST', '/api/agent/agents', {
          name: `${harness.label} flow`,
          adapterType: harness.adapterType,
          adapterConfig: harness.adapterConfig,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        agentId = created.body.id;
      }
      const started = await platform.call('POST', `/api/agent/agents/${agentId}/runs`, {
        prompt,
        ...(sessionId && { sessionId }),
      });
      expect(started.status).toBe(202);
      return started.body as { id: string; sessionId: string };
    };

    it('answers a message, then the next turn of the session with its history; every run has a cost', async () => {
      const word = `KUMQUAT-${randomBytes(4).toString('hex')}`;
      platform.fake.on((call) => call.lastUserText.includes(word), text(`Noted: ${word}.`));
      firstRun = await startRun(`Remember ${word}.`);
      const events: Event[] = await platform.streamRun(firstRun.id);
      expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success' });
      expect(JSON.stringify(events.filter((event) => event.type === 'assistant'))).toContain(
        `Noted: ${word}.`,
      );

      const marker = `recall-${randomBytes(4).toString('hex')}`;
      platform.fake.on((call) => call.lastUserText.includes(marker), text('You said it.'));
      const second = await startRun(`Which word? ${marker}`, firstRun.sessionId);
      expect(second.sessionId).toBe(firstRun.sessionId);
      expect((await platform.waitForRun(second.id)).status).toBe('succeeded');
      // The second turn's requests: the turn itself, and with Claude's SDK (claude-agent-acp) a
      // background one that names the session, which may come last and carries only the new
      // message. The turn's request must carry the first turn's word (the session's history).
      const secondTurn = platform.fake
        .modelRequests()
        .map((call) => JSON.stringify(call.body))
        .filter((body) => body.includes(marker));
      expect(secondTurn.length).toBeGreaterThan(0);
      expect(
        secondTurn.some((body) => body.includes(word)),
        secondTurn.join('\n'),
      ).toBe(true);

      for (const id of [firstRun.id, second.id]) {
        const run = await platform.waitForRun(id);
        expect(run.costUsd, `cost of ${id}`).toBeGreaterThan(0);
        expect(run.usage.input_tokens + run.usage.output_tokens).toBeGreaterThan(0);
      }
    });

    it('runs its shell tool and shows the call and its output', async () => {
      const marker = `tool-${randomBytes(4).toString('hex')}`;
      let learned = '';
      platform.fake.on(
        (call) => call.lastUserText.includes(marker) && call.lastMessageIsToolResult,
        (call) => {
          learned = call.lastToolResultText;
          return text('The command ran.');
        },
      );
      platform.fake.on(
        (call) => call.lastUserText.includes(marker),
        toolCall({ name: harness.shell.name, input: harness.shell.input(`echo out-${marker}`) }),
      );
      const run = await startRun(`Run the command. ${marker}`);
      const events: Event[] = await platform.streamRun(run.id);
      expect(events.at(-1)).toMatchObject({ type: 'result', subtype: 'success' });
      const toolUse = events
        .filter((event) => event.type === 'assistant')
        .flatMap((event) => event.message.content)
        .find((block: Event) => block.type === 'tool_use');
      expect(toolUse).toBeDefined();
      const results = JSON.stringify(events.filter((event) => event.type === 'user'));
      expect(results).toContain('tool_result');
      expect(learned).toContain(`out-${marker}`);
      if (harness.showsShellOutput !== false) expect(results).toContain(`out-${marker}`);
    });

    it('resumes the event stream after Last-Event-ID, skipping and repeating nothing', async () => {
      expect(firstRun).toBeDefined();
      const open = async (lastEventId?: string) => {
        const response = await fetch(`${platform.url}/api/agent/runs/${firstRun!.id}/stream`, {
          headers: {
            authorization: await platform.tokens.authorization(alice),
            ...(lastEventId && { 'last-event-id': lastEventId }),
          },
        });
        return readToEnd(sseEvents(response.body!));
      };
      const whole = await open();
      expect(whole.length).toBeGreaterThan(3);
      const rest = await open(whole[2]!.id);
      expect(rest.map((event) => event.id)).toEqual(whole.slice(3).map((event) => event.id));
    });

    it('cancels a run mid-answer: it ends cancelled and no process of it is left', async () => {
      const marker = `stall-${randomBytes(4).toString('hex')}`;
      platform.fake.on((call) => call.lastUserText.includes(marker), stall({ afterText: 'Partial' }));
      const before = new Set(descendantsOf(process.pid).map((entry) => entry.pid));
      const run = await startRun(`Start answering. ${marker}`);
      await expect.poll(() => platform.fake.activeResponses(), { timeout: 30_000 }).toBeGreaterThan(0);
      const runProcesses = descendantsOf(process.pid).filter((entry) => !before.has(entry.pid));
      expect(runProcesses.length).toBeGreaterThan(0);
      const cancelled = await platform.call('POST', `/api/agent/runs/${run.id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
      expect((await platform.waitForRun(run.id)).status).toBe('cancelled');
      expect(runProcesses.filter(isLeftOver).map((entry) => entry.pid)).toEqual([]);
    });
  });
});
