'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { type Agent, api, errorMessage, type Harness, type ProviderView } from '../lib/api.ts';

/** Create an agent: harness picker, provider + model from the provider's model list, instructions. */
export function AgentForm() {
  const router = useRouter();
  const [harnesses, setHarnesses] = useState<Harness[]>([]);
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const [harness, setHarness] = useState('pi');
  const [provider, setProvider] = useState('anthropic');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: Harness[] }>('/api/agent/harnesses').then(
      (r) => setHarnesses(r.items),
      (e: unknown) => setError(errorMessage(e)),
    );
    api<{ items: ProviderView[] }>('/api/models').then(
      (r) => setProviders(r.items),
      () => undefined,
    );
  }, []);

  const effectiveProvider = harness === 'claude-code' ? 'anthropic' : provider;
  const models = providers.find((p) => p.provider === effectiveProvider)?.models ?? [];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const model = String(form.get('model') ?? '');
    const adapterConfig: Record<string, unknown> = {};
    if (model) adapterConfig.model = model;
    if (harness === 'pi') adapterConfig.provider = provider;
    setBusy(true);
    setError(null);
    try {
      const agent = await api<Agent>('/api/agent/agents', {
        body: {
          name: form.get('name'),
          instructions: String(form.get('instructions') ?? '') || undefined,
          adapterType: harness,
          adapterConfig,
        },
      });
      router.push(`/agents/${agent.id}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="New agent">
      <label>
        Name
        <input name="name" required defaultValue="My agent" />
      </label>
      <fieldset>
        <legend>Harness</legend>
        <div className="choices">
          {(harnesses.length ? harnesses : [{ id: 'pi', displayName: 'Pi', capabilities: {} }]).map((h) => (
            <label key={h.id} className="choice">
              <input
                type="radio"
                name="harness"
                value={h.id}
                checked={harness === h.id}
                onChange={() => setHarness(h.id)}
              />
              {h.displayName} <span className="muted small">({h.id})</span>
            </label>
          ))}
        </div>
      </fieldset>
      {harness === 'pi' ? (
        <label>
          Provider
          <select name="agentProvider" value={provider} onChange={(e) => setProvider(e.target.value)}>
            <option value="anthropic">Anthropic</option>
            <option value="openai">OpenAI-compatible</option>
            <option value="google">Google Gemini</option>
          </select>
        </label>
      ) : null}
      {models.length ? (
        <label>
          Model
          <select name="model" key={effectiveProvider}>
            <option value="">Provider default</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          Model <span className="muted small">(optional; no model list from this provider)</span>
          <input name="model" key={effectiveProvider} placeholder="provider default" />
        </label>
      )}
      <label>
        Instructions
        <textarea name="instructions" rows={4} placeholder="You are a helpful assistant." />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Create agent
      </button>
    </form>
  );
}
