'use client';

import type { ProviderView } from '../../lib/api.ts';
import { harnessProviders } from './draft.ts';
import type { SectionProps } from './fields.tsx';

const providerLabels: Record<string, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI-compatible',
  google: 'Google Gemini',
};

/** The provider a harness will talk to with this draft (undefined for a harness we know nothing about). */
export function effectiveProvider(harness: string, provider: string): string | undefined {
  const choices = harnessProviders[harness];
  if (!choices) return undefined;
  return choices.includes(provider) ? provider : choices[0];
}

/**
 * Provider (for a harness that can use several) and model, picked from the list the
 * provider itself reports through `/api/models`; free text when it reports none.
 */
export function ModelFields({
  draft,
  change,
  providers,
}: Pick<SectionProps, 'draft' | 'change'> & { providers: ProviderView[] | null }) {
  const choices = harnessProviders[draft.harness] ?? [];
  const provider = effectiveProvider(draft.harness, draft.provider);
  const view = providers?.find((item) => item.provider === provider);
  const models = view?.models ?? [];
  const listed = models.some((model) => model.id === draft.model);
  return (
    <>
      {choices.length > 1 ? (
        <label>
          Provider
          <select
            name="agentProvider"
            value={provider}
            onChange={(event) => change({ provider: event.target.value, model: '' })}
          >
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {providerLabels[choice] ?? choice}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {providers && provider && !view ? (
        <p className="muted small">
          {providerLabels[provider] ?? provider} is not set up in Settings; runs use the server’s own key for
          it, if it has one.
        </p>
      ) : null}
      {models.length ? (
        <label>
          Model
          <select
            name="model"
            value={draft.model}
            onChange={(event) => change({ model: event.target.value })}
          >
            <option value="">Provider default{view?.defaultModel ? ` (${view.defaultModel})` : ''}</option>
            {draft.model && !listed ? (
              <option value={draft.model}>{draft.model} (not in the list)</option>
            ) : null}
            {models.map((model) => (
              <option key={model.id} value={model.id}>
                {model.id}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Model <span className="muted small">(optional; no model list from this provider)</span>
          <input
            name="model"
            value={draft.model}
            onChange={(event) => change({ model: event.target.value })}
            placeholder="provider default"
          />
        </label>
      )}
    </>
  );
}
