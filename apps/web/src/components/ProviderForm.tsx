'use client';

import type { ConnectionTest } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage, type Harness, type ProviderSettings } from '../lib/api.ts';

type ProviderChoice = Harness['providers'][number];

/** Every provider some harness talks to, once each, in the harnesses' order. */
function providerChoices(harnesses: Harness[]): ProviderChoice[] {
  const byId = new Map<string, ProviderChoice>();
  for (const choice of harnesses.flatMap((harness) => harness.providers))
    if (!byId.has(choice.id)) byId.set(choice.id, choice);
  return [...byId.values()];
}

/**
 * Add or change a model provider (Anthropic, any OpenAI-compatible endpoint, …): the choices
 * are the providers the registered harnesses talk to (`GET /api/agent/harnesses`).
 */
export function ProviderForm({ onSaved }: { onSaved: (provider: ProviderSettings) => void }) {
  const [choices, setChoices] = useState<ProviderChoice[]>([]);
  const [picked, setProvider] = useState('');
  const provider = picked || choices[0]?.id || '';
  const choice = choices.find((item) => item.id === provider);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: Harness[] }>('/api/agent/harnesses').then(
      (response) => setChoices(providerChoices(response.items)),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);

  function values(form: HTMLFormElement) {
    const data = new FormData(form);
    const body: Record<string, string> = {};
    const apiKey = String(data.get('apiKey') ?? '').trim();
    const baseUrl = String(data.get('baseUrl') ?? '').trim();
    if (apiKey) body.apiKey = apiKey;
    if (baseUrl) body.baseUrl = baseUrl;
    return body;
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const saved = await api<ProviderSettings>(`/api/models/${provider}`, {
        method: 'PUT',
        body: values(event.currentTarget),
      });
      setStatus(`${saved.label} saved.`);
      onSaved(saved);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function test(form: HTMLFormElement | null) {
    if (!form) return;
    setStatus('Testing…');
    setError(null);
    try {
      const result = await api<ConnectionTest>(`/api/models/${provider}/test`, { body: values(form) });
      if (result.ok) setStatus(`Connected: ${result.modelCount ?? 0} models, ${result.latencyMs ?? 0} ms.`);
      else {
        setStatus(null);
        setError(result.error?.message ?? 'Connection failed.');
      }
    } catch (caught) {
      setStatus(null);
      setError(errorMessage(caught));
    }
  }

  return (
    <form onSubmit={save} className="card stack" aria-label="Model provider">
      <label>
        Provider
        <select name="provider" value={provider} onChange={(e) => setProvider(e.target.value)}>
          {choices.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        API key
        <input
          name="apiKey"
          type="password"
          autoComplete="off"
          placeholder="stored encrypted, never shown again"
        />
      </label>
      <label>
        Base URL{' '}
        <span className="muted small">
          (optional{choice?.defaultBaseUrl?.endsWith('/v1') ? ', ends in /v1' : ''})
        </span>
        <input name="baseUrl" type="url" placeholder={choice?.defaultBaseUrl} />
      </label>
      <p className="status-line" aria-live="polite">
        {error ? <span className="error">{error}</span> : (status ?? '\u00a0')}
      </p>
      <div className="row">
        <button type="submit" disabled={busy || !provider}>
          Save provider
        </button>
        <button type="button" className="secondary" onClick={(e) => test(e.currentTarget.form)}>
          Test connection
        </button>
      </div>
    </form>
  );
}
