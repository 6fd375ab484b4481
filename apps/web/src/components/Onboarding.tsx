'use client';

import type { Organization } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage, type ProviderView } from '../lib/api.ts';
import { AgentForm } from './AgentForm.tsx';
import { ProviderForm } from './ProviderForm.tsx';

type Step = 'org' | 'provider' | 'agent';

function OrganizationForm({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<Organization>('/api/orgs/current').then(
      (org) => setName((current) => current || org.name),
      () => undefined,
    );
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/organization/update', { body: { data: { name: name.trim() } } });
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card stack" aria-label="Organization">
      <label>
        Organization name
        <input name="orgName" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy || !name.trim()}>
        Continue
      </button>
    </form>
  );
}

/** First run: name the organization, add a provider, then create a first agent. */
export function Onboarding() {
  const [step, setStep] = useState<Step>('org');
  const [providers, setProviders] = useState<ProviderView[]>([]);
  useEffect(() => {
    api<{ items: ProviderView[] }>('/api/models').then(
      (r) => setProviders(r.items),
      () => undefined,
    );
  }, []);
  return (
    <div className="stack">
      <ol className="steps" aria-label="Steps">
        <li aria-current={step === 'org' ? 'step' : undefined}>1. Name your organization</li>
        <li aria-current={step === 'provider' ? 'step' : undefined}>2. Add a model provider</li>
        <li aria-current={step === 'agent' ? 'step' : undefined}>3. Create your first agent</li>
      </ol>
      {step === 'org' ? <OrganizationForm onDone={() => setStep('provider')} /> : null}
      {step === 'provider' ? (
        <>
          <p>
            Connect Anthropic with an API key, or any OpenAI-compatible endpoint such as a local model server.
          </p>
          {providers.length ? (
            <p className="muted small">Configured already: {providers.map((p) => p.label).join(', ')}.</p>
          ) : null}
          <ProviderForm onSaved={() => setStep('agent')} />
          <button type="button" className="link" onClick={() => setStep('agent')}>
            Skip: the server’s environment already has provider keys
          </button>
        </>
      ) : null}
      {step === 'agent' ? <AgentForm /> : null}
    </div>
  );
}
