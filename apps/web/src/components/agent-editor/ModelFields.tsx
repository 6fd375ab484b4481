'use client';

import type { ProviderView } from '../../lib/api.ts';
import { effectiveProvider, providerKey } from './draft.ts';
import type { SectionProps } from './fields.tsx';

/**
 * Provider (for a harness whose config picks one) and model, picked from the list the
 * provider itself reports through `/api/models`; free text when it reports none, with the
 * models the harness knows as suggestions. Both lists come from the harness's own metadata.
 */
export function ModelFields({
  draft,
  change,
  harness,
  providers,
}: Pick<SectionProps, 'draft' | 'change' | 'harness'> & { providers: ProviderView[] | null }) {
  const choices = providerKey(harness) ? (harness?.providers ?? []) : [];
  const provider = effectiveProvider(harness, draft.provider);
  const label = harness?.providers.find((item) => item.id === provider)?.label ?? provider;
  const known = harness?.models.filter((model) => model.provider === provider) ?? [];
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
              <option key={choice.id} value={choice.id}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {providers && provider && !view ? (
        <p className="muted small">
          {label} is not set up in Settings; runs use the server’s own key for it, if it has one.
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
            list={known.length ? 'known-models' : undefined}
          />
          {known.length ? (
            <datalist id="known-models">
              {known.map((model) => (
                <option key={model.id} value={model.id}>
                  {model.displayName}
                </option>
              ))}
            </datalist>
          ) : null}
        </label>
      )}
    </>
  );
}
