import type { HarnessSummary } from '@lifeosai/api-contract';
import { isKnownProviderId, providerFacts } from '@lifeosai/config';
import type { Harness } from '@lifeosai/harness-spec';

/** A provider a harness talks to, as pickers show it. */
export interface HarnessProviderView {
  /** The provider id (`anthropic`), as in an agent's config and `/api/models/:provider`. */
  id: string;
  /** For people (`Anthropic`). */
  label: string;
  /** The provider's public base URL, in its SDK's convention. */
  defaultBaseUrl?: string;
}

/**
 * One item of `GET /api/agent/harnesses`: the harness's own metadata, its providers named as
 * the platform's provider list names them. Pickers and `npm run doctor` read this and keep no
 * list of harnesses or providers of their own.
 */
export function toHarnessView(harness: Harness): HarnessSummary {
  const { description, providers, models, configFields } = harness.metadata;
  return {
    id: harness.id,
    displayName: harness.displayName,
    description,
    capabilities: { ...harness.capabilities },
    providers: providers.map(providerView),
    models,
    configFields,
  };
}

function providerView(id: string): HarnessProviderView {
  if (!isKnownProviderId(id)) return { id, label: id };
  const { label, defaultBaseUrl } = providerFacts[id];
  return { id, label, defaultBaseUrl };
}
