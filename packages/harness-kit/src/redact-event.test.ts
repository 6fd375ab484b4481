import { describe, expect, it } from 'vitest';
import { redactEvent } from './redact-event.ts';
import { runSecrets } from './run-secrets.ts';

describe('redactEvent', () => {
  const secrets = ['sk-ant-secret'];

  it('redacts a key anywhere in an event, keys of objects included', () => {
    const event = {
      type: 'user' as const,
      message: { role: 'user' as const, content: 'ANTHROPIC_API_KEY=sk-ant-secret' },
      parent_tool_use_id: null,
      tool_use_result: { 'sk-ant-secret': ['x sk-ant-secret y'] },
    };
    const redacted = JSON.stringify(redactEvent(event, secrets));
    expect(redacted).not.toContain('sk-ant-secret');
    expect(redacted).toContain('ANTHROPIC_API_KEY=[REDACTED]');
  });

  it('returns an event without secrets as it is', () => {
    const clean = { type: 'status' as const, status: 'requesting' as const };
    expect(redactEvent(clean, secrets)).toBe(clean);
    expect(redactEvent(clean, [])).toBe(clean);
  });
});

describe('runSecrets', () => {
  it('lists every credential key of a run', () => {
    expect(
      runSecrets({ anthropic: { apiKey: 'sk-ant-1', baseUrl: 'http://x' }, openai: { baseUrl: 'http://y' } }),
    ).toEqual(['sk-ant-1']);
  });
});
