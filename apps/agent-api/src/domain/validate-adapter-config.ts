import {
  type PlatformAdapterConfig,
  platformAdapterConfigSchema,
  platformConfigKeys,
} from '@lifeosai/api-contract';
import { PlatformError } from '@lifeosai/errors';
import type { Harness } from '@lifeosai/harness-spec';

/**
 * Splits `adapterConfig` into the platform's shared part (MCP servers, skills, permissions)
 * and the harness's own part, validates each with its schema, and returns the config to
 * store. A bad field is a 400 that names it (`adapterConfig.model: …`).
 */
export function validateAdapterConfig(
  harnesses: ReadonlyMap<string, Harness<unknown>>,
  adapterType: string,
  adapterConfig: Record<string, unknown>,
): { stored: Record<string, unknown>; platform: PlatformAdapterConfig; harness: unknown } {
  const harness = harnesses.get(adapterType);
  if (!harness) {
    throw new PlatformError(
      'UNKNOWN_ADAPTER_TYPE',
      `adapterType: "${adapterType}" is not a registered harness; use one of ${[...harnesses.keys()].join(', ')}.`,
    );
  }
  const shared: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(adapterConfig)) {
    if ((platformConfigKeys as readonly string[]).includes(key)) shared[key] = value;
    else own[key] = value;
  }
  const platform = platformAdapterConfigSchema.safeParse(shared);
  if (!platform.success) throw invalidField(platform.error.issues[0]);
  const harnessConfig = harness.configSchema.safeParse(own);
  if (!harnessConfig.success) throw invalidField(harnessConfig.error.issues[0]);
  return { stored: { ...own, ...platform.data }, platform: platform.data, harness: harnessConfig.data };
}

function invalidField(
  issue: { path: ReadonlyArray<PropertyKey>; message: string } | undefined,
): PlatformError {
  const path = ['adapterConfig', ...(issue?.path ?? []).map(String)].join('.');
  return new PlatformError('INVALID_ADAPTER_CONFIG', `${path}: ${issue?.message ?? 'invalid'}`);
}
