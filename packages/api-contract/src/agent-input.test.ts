import { describe, expect, it } from 'vitest';
import { createAgentSchema, platformAdapterConfigSchema } from './agent-input.ts';

const agent = (extra: Record<string, unknown>) => ({ name: 'Scout', adapterType: 'pi', ...extra });
const messageOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message).join('; ');

describe('agent input', () => {
  it('accepts a cron heartbeat in a known time zone', () => {
    const parsed = createAgentSchema.parse(
      agent({
        heartbeat: {
          enabled: true,
          cron: '0 9 * * 1-5',
          activeHours: { start: '08:00', end: '18:00', timezone: 'Europe/Paris' },
        },
      }),
    );
    expect(parsed.heartbeat).toMatchObject({
      cron: '0 9 * * 1-5',
      activeHours: { timezone: 'Europe/Paris' },
    });
  });

  it('refuses a cron pattern the scheduler would throw on at the next tick', () => {
    const result = createAgentSchema.safeParse(
      agent({ heartbeat: { enabled: true, cron: 'every day at 9' } }),
    );
    expect(result.success).toBe(false);
    expect(messageOf(result)).toMatch(/cron pattern/);
  });

  it('refuses an unknown time zone', () => {
    const result = createAgentSchema.safeParse(
      agent({
        heartbeat: {
          enabled: true,
          intervalSec: 600,
          activeHours: { start: '08:00', end: '18:00', timezone: 'Mars/Olympus' },
        },
      }),
    );
    expect(result.success).toBe(false);
    expect(messageOf(result)).toMatch(/IANA time zone/);
  });

  it('takes skill folders inside the workspace only', () => {
    expect(platformAdapterConfigSchema.parse({ skills: ['skills/review', 'notes'] }).skills).toEqual([
      'skills/review',
      'notes',
    ]);
    for (const outside of ['/etc', '../secrets', 'skills/../../home', 'a\\b']) {
      const result = platformAdapterConfigSchema.safeParse({ skills: [outside] });
      expect(result.success, outside).toBe(false);
      expect(messageOf(result)).toMatch(/inside the workspace/);
    }
  });

  it("takes the agent's own provider settings: a clean base URL and the name of an organization secret", () => {
    expect(
      platformAdapterConfigSchema.parse({
        providers: { openai: { baseUrl: 'http://127.0.0.1:8000/v1/', apiKeySecret: 'local-llm' } },
      }).providers,
    ).toEqual({ openai: { baseUrl: 'http://127.0.0.1:8000/v1', apiKeySecret: 'local-llm' } });
    for (const providers of [
      { mistral: { baseUrl: 'http://x' } },
      { anthropic: { baseUrl: 'http://user:pass@x' } },
      { anthropic: { baseUrl: 'ftp://x' } },
      { anthropic: { apiKeySecret: 'has spaces' } },
      { anthropic: { apiKey: 'sk-plain-key' } },
    ]) {
      expect(platformAdapterConfigSchema.safeParse({ providers }).success, JSON.stringify(providers)).toBe(
        false,
      );
    }
  });

  it('takes secret: references in MCP values and refuses env: ones', () => {
    const server = (env: Record<string, string>) => ({
      mcpServers: { s: { type: 'stdio', command: 'x', env } },
    });
    expect(platformAdapterConfigSchema.safeParse(server({ A: 'plain', B: 'secret:gh.token' })).success).toBe(
      true,
    );
    expect(messageOf(platformAdapterConfigSchema.safeParse(server({ A: 'env:HOME' })))).toMatch(
      /env: references are refused/,
    );
    expect(messageOf(platformAdapterConfigSchema.safeParse(server({ A: 'secret:' })))).toMatch(
      /expected secret:NAME/,
    );
  });
});
