'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, type ProviderView } from '../../lib/api.ts';
import { ProviderForm } from '../ProviderForm.tsx';
import { useMe } from '../Shell.tsx';
import { canManage } from './role-options.ts';

/** The organization's model providers (keys write-only); admins and owners change them. */
export function Providers() {
  const manage = canManage(useMe());
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
      {manage ? (
        <ProviderForm onSaved={load} />
      ) : (
        <p className="muted small">Admins and owners add providers and change their keys.</p>
      )}
    </section>
  );
}
