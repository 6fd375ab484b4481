import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scriptToolCall } from '@lifeosai/harness-conformance';
import { descendantsOf, processFile } from '@lifeosai/harness-kit';
import type { PlatformTool } from '@lifeosai/harness-spec';
import { text } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { providers, resultOf, useHarnessEnvironment } from './test-support.ts';

function sessionFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'pi-sessions'));
}

describe.each(providers)('pi harness sessions (%s)', (provider) => {
  const env = useHarnessEnvironment();

  it('resumes a session: the second run sends the first turn to the model', async () => {
    const dirs = env.agentDirs();
    const word = `PAPAYA-${randomBytes(4).toString('hex')}`;
    env.fake().script(text('Noted.'));
    const first = await env.run(env.context(provider, { ...dirs, prompt: `Remember ${word}.` }));
    const sessionId = first.events[0]!.native!.sessionId!;

    env.fake().script(text(`It was ${word}.`));
    const second = await env.run(
      env.context(provider, {
        ...dirs,
        prompt: 'Which word?',
        session: { kind: 'resume', nativeSessionId: sessionId },
      }),
    );
    expect(second.events[0]!.native?.sessionId).toBe(sessionId);
    expect(resultOf(second.events)).toMatchObject({ subtype: 'success', num_turns: 1 });
    const request = JSON.stringify(env.fake().modelRequests().at(-1)?.body);
    expect(request).toContain(`Remember ${word}.`);
    expect(request).toContain('Noted.');
    expect(request).toContain('Which word?');
    expect(sessionFiles(dirs.dataDir)).toHaveLength(1);
  });

  it('forks a session, whole or at a message, leaving the original untouched', async () => {
    const dirs = env.agentDirs();
    env.fake().script(text('First answer.'), text('Second answer.'));
    const first = await env.run(env.context(provider, { ...dirs, prompt: 'First question.' }));
    const sessionId = first.events[0]!.native!.sessionId!;
    const firstAnswerId = first.events.find((event) => event.type === 'assistant')!.native!.messageId!;
    await env.run(
      env.context(provider, {
        ...dirs,
        prompt: 'Second question.',
        session: { kind: 'resume', nativeSessionId: sessionId },
      }),
    );
    const [originalFile] = sessionFiles(dirs.dataDir);
    const original = readFileSync(join(dirs.dataDir, 'pi-sessions', originalFile!), 'utf8');

    env.fake().script(text('Forked at the first answer.'));
    const atMessage = await env.run(
      env.context(provider, {
        ...dirs,
        prompt: 'Another second question.',
        session: { kind: 'fork', nativeSessionId: sessionId, atMessageId: firstAnswerId },
      }),
    );
    const forkedId = atMessage.events[0]!.native!.sessionId;
    expect(forkedId).not.toBe(sessionId);
    const atMessageRequest = JSON.stringify(env.fake().modelRequests().at(-1)?.body);
    expect(atMessageRequest).toContain('First answer.');
    expect(atMessageRequest).not.toContain('Second question.');

    env.fake().script(text('Forked whole.'));
    const whole = await env.run(
      env.context(provider, {
        ...dirs,
        prompt: 'Third question.',
        session: { kind: 'fork', nativeSessionId: sessionId },
      }),
    );
    expect(whole.events[0]!.native!.sessionId).not.toBe(sessionId);
    expect(JSON.stringify(env.fake().modelRequests().at(-1)?.body)).toContain('Second answer.');

    expect(readFileSync(join(dirs.dataDir, 'pi-sessions', originalFile!), 'utf8')).toBe(original);
    expect(sessionFiles(dirs.dataDir)).toHaveLength(3);
  });

  it('continues a turn whose runner died mid-tool, without repeating the prompt', async () => {
    const dirs = env.agentDirs();
    const marker = `crash-${randomBytes(4).toString('hex')}`;
    // The tool kills the runner: the worker dies after Pi saved the tool call, before its result.
    const killer: PlatformTool = {
      name: 'deploy',
      description: 'Deploys.',
      inputSchema: { type: 'object', properties: {} },
      handler: async () => {
        const runner = descendantsOf(process.pid).find((info) =>
          processFile(info.pid, 'cmdline').includes('runner.ts'),
        );
        if (runner) process.kill(runner.pid, 'SIGKILL');
        return new Promise(() => undefined);
      },
    };
    scriptToolCall(env.fake(), marker, 'deploy', {}, 'Finished after the interruption.');
    const interrupted = await env.run(
      env.context(provider, { ...dirs, prompt: `Deploy. ${marker}`, platformTools: [killer] }),
    );
    expect(resultOf(interrupted.events)).toMatchObject({ is_error: true, error_class: 'process_exit' });
    const sessionId = interrupted.events[0]!.native!.sessionId!;
    const lastMessageId = interrupted.events.findLast((event) => event.type === 'assistant')!.native!
      .messageId;

    const continued = await env.run(
      env.context(provider, {
        ...dirs,
        prompt: `Deploy. ${marker}`,
        platformTools: [killer],
        session: {
          kind: 'continue-interrupted',
          nativeSessionId: sessionId,
          interruptedRunId: 'run_interrupted',
          ...(lastMessageId ? { lastMessageId } : {}),
        },
      }),
    );
    expect(continued.events[0]!.native?.sessionId).toBe(sessionId);
    expect(resultOf(continued.events)).toMatchObject({
      subtype: 'success',
      result: 'Finished after the interruption.',
    });
    const request = JSON.stringify(env.fake().modelRequests().at(-1)?.body);
    expect(request.split(`Deploy. ${marker}`)).toHaveLength(2); // the prompt, once
    expect(request).toContain('interrupted before this tool call finished');
  });

  it('ends a continue of a turn that had in fact completed without calling the model', async () => {
    const dirs = env.agentDirs();
    env.fake().script(text('Complete.'));
    const first = await env.run(env.context(provider, { ...dirs }));
    const requests = env.fake().modelRequests().length;
    const continued = await env.run(
      env.context(provider, {
        ...dirs,
        session: {
          kind: 'continue-interrupted',
          nativeSessionId: first.events[0]!.native!.sessionId!,
          interruptedRunId: 'run_x',
        },
      }),
    );
    expect(resultOf(continued.events)).toMatchObject({ subtype: 'success', num_turns: 0 });
    expect(env.fake().modelRequests()).toHaveLength(requests);
  });

  it('fails a run that names an unknown session, before calling the model', async () => {
    const { events } = await env.run(
      env.context(provider, {
        session: { kind: 'resume', nativeSessionId: '01a20a6d-0000-7000-8000-000000000000' },
      }),
    );
    expect(resultOf(events)).toMatchObject({ is_error: true, error_class: 'unknown' });
    expect(events.find((event) => event.type === 'error')).toMatchObject({
      message: expect.stringContaining('not found'),
    });
    expect(env.fake().modelRequests()).toHaveLength(0);
  });
});
