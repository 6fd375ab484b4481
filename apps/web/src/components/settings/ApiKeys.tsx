'use client';

import type { ApiKey, CreatedApiKey } from '@lifeosai/api-contract';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';

/** The caller's API keys: create (the key is shown once), list by name and prefix, revoke. */
export function ApiKeys() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: ApiKey[] }>('/api/keys').then(
      (r) => setKeys(r.items),
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
      const key = await api<CreatedApiKey>('/api/keys', { body: { name } });
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
