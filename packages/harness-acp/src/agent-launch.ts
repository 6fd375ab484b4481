import { join } from 'node:path';
import { isKnownProviderId, providerFacts } from '@lifeosai/config';
import { type RunFailure, runEnvironment } from '@lifeosai/harness-kit';
import type { ProviderCredential, RunContext } from '@lifeosai/harness-spec';
import type { AcpConfig, CustomAgent } from './config.ts';
import { findPreset } from './presets/index.ts';
import type { AcpPreset } from './presets/preset.ts';

/** How one run starts its agent. */
export interface AgentLaunch {
  /** The program, its arguments and its whole environment (built from nothing). */
  readonly command: string;
  readonly args: ReadonlyArray<string>;
  readonly env: Record<string, string>;
  /** The preset, when the agent is one (its environment check gates the run). */
  readonly preset?: AcpPreset;
  /** The model the run asks for, for the `system`/`init` event and usage (`default` when unnamed). */
  readonly model: string;
  /** Where the agent sends model calls, named when the provider cannot be reached. */
  readonly baseUrl?: string;
}

/** A custom agent's provider when its config names none. */
const customDefaultProvider = 'anthropic';

/** The agent's launch, or why the run cannot start (no key for its provider, say). */
export function planLaunch(
  context: RunContext<AcpConfig>,
  presets: ReadonlyArray<AcpPreset>,
  base: NodeJS.ProcessEnv = process.env,
): { launch: AgentLaunch } | { failure: RunFailure } {
  const { config } = context;
  const preset = typeof config.agent === 'string' ? findPreset(presets, config.agent) : undefined;
  const provider = config.provider ?? preset?.providers[0] ?? customDefaultProvider;
  if (preset !== undefined && !preset.providers.includes(provider)) {
    return fail(
      'invalid_request',
      `The ${preset.label} agent cannot use the ${provider} provider; it speaks ${preset.providers.join(', ')}.`,
    );
  }
  const credential: ProviderCredential = context.credentials[provider] ?? {};
  if (!credential.apiKey) {
    return fail('auth', `No API key is configured for the ${provider} provider.`);
  }
  const runEnv = runEnvironment({ base, extra: context.env, home: context.dataDir });
  const model =
    config.model ??
    preset?.models.find((candidate) => candidate.provider === provider && candidate.isDefault)?.id ??
    'default';
  const baseUrl = credential.baseUrl;
  if (preset !== undefined) {
    const prepared = preset.prepare({
      provider,
      ...(config.model === undefined ? {} : { model: config.model }),
      credential,
      cwd: context.cwd,
      stateDir: join(context.dataDir, 'acp', preset.id),
      maxRetries: config.maxRetries,
    });
    return {
      launch: {
        command: prepared.command,
        args: prepared.args,
        // The preset's variables last: they are what points the agent at the LLM proxy.
        env: { ...runEnv, ...prepared.env, HOME: runEnv.HOME! },
        preset,
        model,
        ...(baseUrl === undefined ? {} : { baseUrl }),
      },
    };
  }
  const custom = config.agent as CustomAgent;
  return {
    launch: {
      command: custom.command,
      args: custom.args ?? [],
      env: { ...runEnv, ...custom.env, ...credentialVariables(provider, credential), HOME: runEnv.HOME! },
      model,
      ...(baseUrl === undefined ? {} : { baseUrl }),
    },
  };
}

/** A custom agent gets its provider's credential under the usual variable names. */
function credentialVariables(provider: string, credential: ProviderCredential): Record<string, string> {
  if (!isKnownProviderId(provider)) return {};
  const facts = providerFacts[provider];
  return {
    ...(credential.apiKey ? { [facts.apiKeyVariable]: credential.apiKey } : {}),
    ...(credential.baseUrl ? { [facts.baseUrlVariable]: credential.baseUrl } : {}),
  };
}

function fail(errorClass: RunFailure['errorClass'], message: string): { failure: RunFailure } {
  return { failure: { errorClass, message } };
}
