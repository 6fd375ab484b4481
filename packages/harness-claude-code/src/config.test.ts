import { describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config.ts';

describe('claudeCodeConfigSchema', () => {
  it('applies the retry default and keeps what it is given', () => {
    expect(claudeCodeConfigSchema.safeParse({})).toEqual({ success: true, data: { maxRetries: 2 } });
    const full = {
      model: 'claude-sonnet-4-6',
      maxTurns: 5,
      maxRetries: 0,
      allowedTools: ['Read'],
      disallowedTools: ['WebSearch'],
    };
    expect(claudeCodeConfigSchema.parse(full)).toEqual(full);
  });

  it('refuses an unknown key, naming it, so a typo is not silently ignored', () => {
    const parsed = claudeCodeConfigSchema.safeParse({ model: 'claude-sonnet-4-6', maxTurn: 3 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['maxTurn'] });
  });

  it.each([
    [{ maxTurns: 0 }, 'maxTurns'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ model: '' }, 'model'],
    [{ allowedTools: 'Bash' }, 'allowedTools'],
  ])('refuses %j at the field', (input, field) => {
    const parsed = claudeCodeConfigSchema.safeParse(input);
    expect(parsed.error?.issues[0]?.path).toEqual([field]);
  });
});
