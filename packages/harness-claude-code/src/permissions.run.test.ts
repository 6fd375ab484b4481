import { toolResults } from '@lifeosai/harness-conformance';
import type { PermissionPolicy } from '@lifeosai/harness-spec';
import { text, toolCall } from '@lifeosai/testkit/fake-llm';
import { describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config.ts';
import { eventsOf, resultOf, TEST_MODEL, useFixture } from './test-support.ts';

const fixture = useFixture();

const bash = (command: string) => toolCall({ name: 'Bash', input: { command, description: 'Run it' } });

describe('permissions against the real CLI', () => {
  it('denies by policy even a command Claude Code itself would run without asking', async () => {
    fixture.fake.script(bash('echo should-not-run'), text('Refused.'));
    const { events } = await fixture.run({
      permissions: { mode: 'allow', rules: [{ tool: 'Bash', behavior: 'deny' }], askTimeoutMs: 5000 },
    });
    expect(eventsOf(events, 'permission_request')).toEqual([]);
    expect(eventsOf(events, 'permission_resolved')).toMatchObject([
      { toolName: 'Bash', decision: 'deny', by: 'policy' },
    ]);
    expect(toolResults(events)).toEqual([
      { text: "Denied by the agent's permission policy.", isError: true },
    ]);
    expect(resultOf(events)).toMatchObject({ subtype: 'success', is_error: false });
  });

  it('lets the policy overrule an allowedTools entry of the config', async () => {
    fixture.fake.script(bash('echo listed-but-denied'), text('Refused.'));
    const { events } = await fixture.run({
      config: claudeCodeConfigSchema.parse({ model: TEST_MODEL, maxRetries: 0, allowedTools: ['Bash'] }),
      permissions: { mode: 'deny', rules: [], askTimeoutMs: 5000 },
    });
    expect(eventsOf(events, 'permission_resolved')).toMatchObject([{ decision: 'deny', by: 'policy' }]);
    expect(toolResults(events)[0]?.isError).toBe(true);
  });

  it('asks for a tool whose rule says ask, runs it once approved, and ignores a second answer', async () => {
    fixture.fake.script(bash('echo approved-run'), text('Done.'));
    const policy: PermissionPolicy = {
      mode: 'allow',
      rules: [{ tool: 'Bash', behavior: 'ask' }],
      askTimeoutMs: 10_000,
    };
    let secondAnswer: boolean | undefined;
    const { events } = await fixture.run({ permissions: policy }, (event, handle) => {
      if (event.type !== 'permission_request') return;
      expect(handle.respondToPermission(event.requestId, { decision: 'allow' })).toBe(true);
      secondAnswer = handle.respondToPermission(event.requestId, { decision: 'deny' });
    });
    expect(secondAnswer).toBe(false);
    const [request] = eventsOf(events, 'permission_request');
    expect(request).toMatchObject({
      toolName: 'Bash',
      input: { command: 'echo approved-run' },
      toolUseId: expect.stringMatching(/^toolu_/),
      expiresAt: expect.any(String),
    });
    expect(eventsOf(events, 'permission_resolved')).toMatchObject([
      { requestId: request?.requestId, decision: 'allow', by: 'user' },
    ]);
    expect(toolResults(events)).toEqual([{ text: 'approved-run', isError: false }]);
  });

  it('tells the model the reason a person gave for a denial', async () => {
    fixture.fake.script(bash('echo nope'), text('Understood.'));
    const { events } = await fixture.run(
      { permissions: { mode: 'ask', rules: [], askTimeoutMs: 10_000 } },
      (event, handle) => {
        if (event.type === 'permission_request')
          handle.respondToPermission(event.requestId, { decision: 'deny', message: 'not on production' });
      },
    );
    expect(eventsOf(events, 'permission_resolved')).toMatchObject([
      { decision: 'deny', by: 'user', message: 'not on production' },
    ]);
    expect(toolResults(events)).toEqual([{ text: 'not on production', isError: true }]);
  });

  it('denies when nobody answers within askTimeoutMs', async () => {
    fixture.fake.script(bash('echo too-late'), text('Timed out.'));
    const { events } = await fixture.run({ permissions: { mode: 'ask', rules: [], askTimeoutMs: 300 } });
    expect(eventsOf(events, 'permission_resolved')).toMatchObject([{ decision: 'deny', by: 'timeout' }]);
    expect(toolResults(events)[0]?.isError).toBe(true);
    expect(JSON.stringify(events)).not.toContain('"too-late"');
    expect(resultOf(events)).toMatchObject({ subtype: 'success' });
  });
});
