import { describe, expect, it } from 'vitest';
import { claudeCodeConfigSchema } from './config.ts';
import { claudeCodeMetadata } from './metadata.ts';

describe('Claude Code metadata', () => {
  it('talks to Anthropic only, with one default model', () => {
    expect(claudeCodeMetadata.providers).toEqual(['anthropic']);
    expect(claudeCodeMetadata.models.every((model) => model.provider === 'anthropic')).toBe(true);
    expect(claudeCodeMetadata.models.filter((model) => model.isDefault).map((model) => model.id)).toEqual([
      'claude-opus-5-5',
    ]);
  });

  it('describes only keys the config schema accepts, with the schema’s defaults', () => {
    const defaults = claudeCodeConfigSchema.parse({});
    for (const field of claudeCodeMetadata.configFields) {
      expect(Object.keys(claudeCodeConfigSchema.shape), field.key).toContain(field.key);
      if (field.default !== undefined)
        expect(defaults[field.key as keyof typeof defaults]).toBe(field.default);
    }
  });
});
