import { describe, expect, it } from 'vitest';
import { piConfigSchema } from '../shared/config.ts';
import { piAgentProviderSettings, providerSettings } from './provider-settings.ts';

const config = (input: Record<string, unknown>) => piConfigSchema.parse(input);

describe('provider settings', () => {
  it("uses the credential's base URL only: the config's baseUrl is the platform's to resolve", () => {
    const settings = providerSettings(config({ provider: 'openai', baseUrl: 'http://agent.example/v1' }), {
      openai: { apiKey: 'run-token', baseUrl: 'http://proxy/llm/openai' },
    });
    expect(settings).toMatchObject({ baseUrl: 'http://proxy/llm/openai', apiKey: 'run-token' });
  });

  it("adds Gemini's API version for pi-ai to a base URL in the SDK convention", () => {
    expect(
      providerSettings(config({ provider: 'google' }), { google: { baseUrl: 'http://proxy/llm/google/' } })
        .baseUrl,
    ).toBe('http://proxy/llm/google/v1beta');
    expect(providerSettings(config({ provider: 'google' }), {}).baseUrl).toBe(
      'https://generativelanguage.googleapis.com/v1beta',
    );
  });

  it("hands the config's baseUrl to the platform as the agent's own setting for its provider", () => {
    expect(piAgentProviderSettings(config({ provider: 'openai', baseUrl: 'http://local:8000/v1/' }))).toEqual(
      {
        openai: { baseUrl: 'http://local:8000/v1' },
      },
    );
    expect(
      piAgentProviderSettings(config({ provider: 'google', baseUrl: 'http://gemini.example/v1beta' })),
    ).toEqual({
      google: { baseUrl: 'http://gemini.example' },
    });
    expect(piAgentProviderSettings(config({}))).toEqual({});
  });
});
