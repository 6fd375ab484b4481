import { isKnownProviderId } from '@lifeosai/config';
import { describe, expect, it } from 'vitest';
import { builtInHarnesses } from './harnesses.ts';

describe('the registered harnesses', () => {
  it('talk only to providers the platform proxies, each with a default model', () => {
    for (const harness of builtInHarnesses().values()) {
      const { providers, models } = harness.metadata;
      expect(providers.length, harness.id).toBeGreaterThan(0);
      for (const provider of providers) {
        expect(isKnownProviderId(provider), `${harness.id}: ${provider}`).toBe(true);
        expect(
          models.filter((model) => model.provider === provider && model.isDefault),
          `${harness.id}: ${provider}`,
        ).toHaveLength(1);
      }
    }
  });
});
