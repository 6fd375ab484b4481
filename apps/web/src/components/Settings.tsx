'use client';

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage, type ProviderView } from '../lib/api.ts';
import { ProviderForm } from './ProviderForm.tsx';

interface KeyView {
  id: string;
  name: string | null;
  start?: string | null;
  createdAt?: string;
  expiresAt?: string | null;
}

function ApiKeys() {
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: KeyView[] } | KeyView[]>('/api/keys').then(
      (r) => setKeys(Array.isArray(r) ? r : r.items),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    setError(null);
    try {
      const key = await api<{ key: string }>('/api/keys', { body: { name } });
      setCreated(key.key);
      form.reset();
      load();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function revoke(id: string) {
    await api(`/api/keys/${id}`, { method: 'DELETE' }).catch((e: unknown) => setError(errorMessage(e)));
    load();
  }

  return (
    <section className="card stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <form onSubmit={create} className="row">
        <label className="grow">
          Key name
          <input name="name" required placeholder="CI" />
        </label>
        <button type="submit">Create key</button>
      </form>
      {created ? (
        <div className="notice" role="status">
          <p>Copy this key now; it is shown only once:</p>
          <code className="secret" data-testid="new-key">
            {created}
          </code>
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      <ul className="plain">
        {keys.map((key) => (
          <li key={key.id} className="row">
            <span className="grow">
              {key.name ?? key.id} <span className="muted small">{key.start ? `${key.start}…` : ''}</span>
            </span>
            <button type="button" className="secondary" onClick={() => revoke(key.id)}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Secrets() {
  const [names, setNames] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: ({ name: string } | string)[] }>('/api/secrets').then(
      (r) => setNames(r.items.map((s) => (typeof s === 'string' ? s : s.name))),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, []);
  useEffect(load, [load]);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name'));
    const value = String(data.get('value'));
    setError(null);
    try {
      if (names.includes(name))
        await api(`/api/secrets/${encodeURIComponent(name)}`, { method: 'PUT', body: { value } });
      else await api('/api/secrets', { body: { name, value } });
      form.reset();
      load();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function remove(name: string) {
    await api(`/api/secrets/${encodeURIComponent(name)}`, { method: 'DELETE' }).catch((e: unknown) =>
      setError(errorMessage(e)),
    );
    load();
  }

  return (
    <section className="card stack" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">Secrets</h2>
      <p className="muted small">Values are write-only: they are never shown again.</p>
      <form onSubmit={save} className="row wrap">
        <label className="grow">
          Name
          <input name="name" required placeholder="GITHUB_TOKEN" />
        </label>
        <label className="grow">
          Value
          <input name="value" type="password" autoComplete="off" required />
        </label>
        <button type="submit">Save secret</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
      <ul className="plain">
        {names.map((name) => (
          <li key={name} className="row">
            <code className="grow">{name}</code>
            <button type="button" className="secondary" onClick={() => remove(name)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Providers() {
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const load = useCallback(() => {
    api<{ items: ProviderView[] }>('/api/models').then(
      (r) => setProviders(r.items),
      () => undefined,
    );
  }, []);
  useEffect(load, [load]);
  return (
    <section className="stack" aria-labelledby="providers-heading">
      <h2 id="providers-heading">Model providers</h2>
      <ul className="plain">
        {providers.map((p) => (
          <li key={p.provider}>
            <strong>{p.label}</strong> <span className="muted small">{p.baseUrl ?? 'default URL'}</span> ·{' '}
            {p.hasKey ? 'key set' : 'no key'} · {p.models?.length ?? 0} models
          </li>
        ))}
      </ul>
      <ProviderForm onSaved={load} />
    </section>
  );
}

export function Settings() {
  return (
    <div className="stack">
      <Providers />
      <ApiKeys />
      <Secrets />
    </div>
  );
}
