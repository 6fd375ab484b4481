import { describe, expect, it } from 'vitest';
import { piConfigSchema } from '../shared/config.ts';
import { piMetadata } from './metadata.ts';

describe('Pi metadata', () => {
  it('puts the provider a config without one uses first', () => {
    expect(piMetadata.providers).toEqual(['anthropic', 'openai', 'google']);
    expect(piMetadata.providers[0]).toBe(piConfigSchema.parse({}).provider);
  });

  it('marks exactly one default model per provider, the one a config without a model runs', () => {
    for (const provider of piMetadata.providers) {
      const defaults = piMetadata.models.filter((model) => model.provider === provider && model.isDefault);
      expect(defaults, provider).toHaveLength(1);
    }
    expect(piMetadata.models.find((model) => model.isDefault)?.id).toBe('claude-sonnet-4-6');
  });

  it('describes only keys the config schema accepts, with the schema’s defaults', () => {
    const defaults = piConfigSchema.parse({});
    for (const field of piMetadata.configFields) {
      expect(Object.keys(piConfigSchema.shape), field.key).toContain(field.key);
      if (field.default !== undefined)
        expect(defaults[field.key as keyof typeof defaults]).toBe(field.default);
      for (const choice of field.choices ?? []) {
        expect(piConfigSchema.safeParse({ [field.key]: choice }).success, choice).toBe(true);
      }
    }
  });
});
