import { isKnownProviderId } from '@lifeosai/config';
import type { Agent } from '@lifeosai/db';
import type { Harness } from '@lifeosai/harness-spec';
import { validateAdapterConfig } from '../domain/validate-adapter-config.ts';
import type { AgentProviderSettings } from './provider-credentials.ts';

/**
 * The agent's own provider settings, the first credential source: the platform part of its
 * `adapterConfig` (`providers.<id>: {baseUrl?, apiKeySecret?}`) over what its harness's own
 * config names (`Harness.agentProviderSettings`, e.g. Pi's `baseUrl`). Throws the 400 of
 * `validateAdapterConfig` for a stored config that no longer validates.
 */
export function agentProviderSettings(
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  agent: Pick<Agent, 'adapterType' | 'adapterConfig'>,
): AgentProviderSettings {
  const { platform, harness: config } = validateAdapterConfig(
    harnesses,
    agent.adapterType,
    agent.adapterConfig,
  );
  const fromHarness = harnesses.get(agent.adapterType)?.agentProviderSettings?.(config) ?? {};
  const settings: AgentProviderSettings = {};
  for (const [provider, setting] of Object.entries(fromHarness)) {
    if (isKnownProviderId(provider) && setting?.baseUrl) settings[provider] = { baseUrl: setting.baseUrl };
  }
  for (const [provider, setting] of Object.entries(platform.providers ?? {})) {
    if (isKnownProviderId(provider) && setting) settings[provider] = { ...settings[provider], ...setting };
  }
  return settings;
}
