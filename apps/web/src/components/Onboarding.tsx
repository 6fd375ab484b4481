'use client';

import type { Organization } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage, type ProviderView } from '../lib/api.ts';
import { AgentForm } from './AgentForm.tsx';
import { type OnboardingStep, resumeStep, savedStepKey } from './onboarding/resume-step.ts';
import { ProviderForm } from './ProviderForm.tsx';
import { useMe } from './Shell.tsx';

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
      await api('/api/orgs/current', { method: 'PATCH', body: { name: name.trim() } });
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

/**
 * First run: name the organization, add a provider, then create a first agent. A reload
 * resumes at the step reached (`resumeStep`: the server's providers, this browser's memory).
 */
export function Onboarding() {
  const me = useMe();
  const [step, setStep] = useState<OnboardingStep | null>(null);
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const storageKey = me ? savedStepKey(me.userId) : null;
  useEffect(() => {
    if (!storageKey) return;
    const saved = window.localStorage.getItem(storageKey);
    api<{ items: ProviderView[] }>('/api/models').then(
      (r) => {
        setProviders(r.items);
        setStep(resumeStep({ providersConfigured: r.items.length > 0, saved }));
      },
      () => setStep(resumeStep({ providersConfigured: false, saved })),
    );
  }, [storageKey]);

  function reach(next: OnboardingStep) {
    if (storageKey) window.localStorage.setItem(storageKey, next);
    setStep(next);
  }

  if (!step) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <ol className="steps" aria-label="Steps">
        <li aria-current={step === 'org' ? 'step' : undefined}>1. Name your organization</li>
        <li aria-current={step === 'provider' ? 'step' : undefined}>2. Add a model provider</li>
        <li aria-current={step === 'agent' ? 'step' : undefined}>3. Create your first agent</li>
      </ol>
      {step === 'org' ? <OrganizationForm onDone={() => reach('provider')} /> : null}
      {step === 'provider' ? (
        <>
          <p>
            Connect Anthropic with an API key, or any OpenAI-compatible endpoint such as a local model server.
          </p>
          {providers.length ? (
            <p className="muted small">Configured already: {providers.map((p) => p.label).join(', ')}.</p>
          ) : null}
          <ProviderForm onSaved={() => reach('agent')} />
          <button type="button" className="link" onClick={() => reach('agent')}>
            Skip: the server’s environment already has provider keys
          </button>
        </>
      ) : null}
      {step === 'agent' ? (
        <>
          <AgentForm />
          <button type="button" className="link" onClick={() => reach('provider')}>
            Back to model providers
          </button>
        </>
      ) : null}
    </div>
  );
}
