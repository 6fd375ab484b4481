'use client';

import type { SecretListItem } from '@lifeosai/api-contract';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { networkNames } from '../../lib/channel-words.ts';
import { useMe } from '../Shell.tsx';
import { canManage } from './role-options.ts';

/**
 * The organization's secrets by name. Values are write-only: the API never returns them, and
 * the form forgets what was typed once saved. Members see the names; admins change them. A
 * provider's API key is listed but marked as managed under Model providers, without Delete
 * (the API refuses it too): it is changed or removed there. So is a channel's bot token, on its agent's Channels page.
 */
export function Secrets() {
  const manage = canManage(useMe());
  const [secrets, setSecrets] = useState<SecretListItem[]>([]);
  const names = secrets.map((secret) => secret.name);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: SecretListItem[] }>('/api/secrets').then(
      (r) => setSecrets(r.items),
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
      <p className="muted small">
        Values are write-only: they are never shown again.
        {manage ? '' : ' Admins and owners add, replace and delete them.'}
      </p>
      {manage ? (
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
      ) : null}
      {error ? <p className="error">{error}</p> : null}
      <ul className="plain">
        {secrets.map(({ name, provider, channel }) => (
          <li key={name} className="row">
            <code className="grow">{name}</code>
            {provider ? (
              <span className="muted small">
                {provider} API key · managed in <a href="#providers-heading">Model providers</a>
              </span>
            ) : channel ? (
              <span className="muted small">
                {networkNames[channel.type]} channel · managed in the agent&apos;s{' '}
                <a href={`/agents/${channel.agentId}/channels`}>Channels</a>
              </span>
            ) : manage ? (
              <button
                type="button"
                className="secondary"
                aria-label={`Delete ${name}`}
                onClick={() => remove(name)}
              >
                Delete
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
