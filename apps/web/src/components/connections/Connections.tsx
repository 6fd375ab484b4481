'use client';

import type { OAuthConnectionView } from '@lifeosai/api-contract';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { ConfirmDialog } from '../settings/ConfirmDialog.tsx';
import { canManage } from '../settings/role-options.ts';
import { callbackErrorText, relativeTime } from './connection-words.ts';

interface ProviderItem {
  id: string;
  name: string;
  scopes: string[];
  env: string;
}

/**
 * Settings → Connections: outside accounts (GitHub, Google, …) connected for the organization's
 * agents. Connect sends the browser to the provider; it comes back here with `?connected=` or
 * `?error=`. Each connection shows its status, account, expiry and the agents granted it; its
 * creator or an admin revokes it (after a confirmation). Tokens never reach this page.
 */
export function Connections() {
  const me = useMe();
  const [providers, setProviders] = useState<ProviderItem[]>([]);
  const [connections, setConnections] = useState<OAuthConnectionView[] | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [revoking, setRevoking] = useState<OAuthConnectionView | null>(null);

  const load = useCallback(() => {
    api<{ items: ProviderItem[] }>('/api/oauth/providers').then(
      (answer) => setProviders(answer.items),
      (caught: unknown) => setNotice({ kind: 'error', text: errorMessage(caught) }),
    );
    api<{ items: OAuthConnectionView[] }>('/api/oauth/connections').then(
      (answer) => setConnections(answer.items),
      (caught: unknown) => setNotice({ kind: 'error', text: errorMessage(caught) }),
    );
  }, []);
  useEffect(load, [load]);

  // How the provider's round trip ended, said once; the address is cleaned so a reload does not repeat it.
  useEffect(() => {
    const search = new URLSearchParams(window.location.search);
    const error = search.get('error');
    if (search.get('connected'))
      setNotice({ kind: 'ok', text: 'Connected. Grant it to agents in their editor.' });
    else if (error) setNotice({ kind: 'error', text: callbackErrorText(error) });
    if (search.has('connected') || error) window.history.replaceState(null, '', window.location.pathname);
  }, []);

  async function connect(provider: string) {
    setNotice(null);
    try {
      const { url } = await api<{ url: string }>(`/api/oauth/${encodeURIComponent(provider)}/connect`, {
        body: { returnTo: '/settings/connections' },
      });
      window.location.assign(url);
    } catch (caught) {
      setNotice({ kind: 'error', text: errorMessage(caught) });
    }
  }

  async function revoke(connection: OAuthConnectionView) {
    setRevoking(null);
    try {
      await api(`/api/oauth/connections/${encodeURIComponent(connection.id)}`, { method: 'DELETE' });
      setNotice({ kind: 'ok', text: `Revoked the ${connection.provider} connection.` });
    } catch (caught) {
      setNotice({ kind: 'error', text: errorMessage(caught) });
    }
    load();
  }

  const nameOf = (id: string) => providers.find((provider) => provider.id === id)?.name ?? id;
  const mayRevoke = (connection: OAuthConnectionView) =>
    connection.status !== 'revoked' && (connection.createdBy === me?.userId || canManage(me));

  return (
    <div className="stack">
      {notice ? (
        <p className={notice.kind === 'error' ? 'error' : 'muted'} role="status">
          {notice.text}
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="connect-heading">
        <h2 id="connect-heading">Connect an account</h2>
        <p className="muted small">
          Agents you grant a connection get a fresh access token in each run (in the variable shown, unless
          the agent names another).
        </p>
        {providers.length === 0 ? (
          <p className="muted">No OAuth provider is configured here (oauthProviders in config.json).</p>
        ) : (
          <ul className="plain stack">
            {providers.map((provider) => (
              <li key={provider.id} className="row wrap">
                <strong className="grow">{provider.name}</strong>
                <code className="small">{provider.env}</code>
                <button type="button" onClick={() => connect(provider.id)}>
                  Connect {provider.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack" aria-labelledby="connections-heading">
        <h2 id="connections-heading">Connections</h2>
        {connections === null ? <p className="muted">Loading…</p> : null}
        {connections?.length === 0 ? <p className="muted">No account connected yet.</p> : null}
        <ul className="plain stack" aria-label="Connections">
          {connections?.map((connection) => (
            <li key={connection.id} className="stack" data-connection={connection.id}>
              <div className="row wrap">
                <strong className="grow">
                  {nameOf(connection.provider)}
                  {connection.account ? ` · ${connection.account}` : ''}
                </strong>
                <span className={`badge ${connection.status === 'active' ? 'succeeded' : 'failed'}`}>
                  {connection.status}
                </span>
                {mayRevoke(connection) ? (
                  <button type="button" className="secondary" onClick={() => setRevoking(connection)}>
                    Revoke
                  </button>
                ) : null}
              </div>
              {connection.lastError ? <p className="error small">{connection.lastError}</p> : null}
              <p className="muted small">
                {connection.status === 'active' && connection.expiresAt
                  ? `Token refreshed automatically; current one expires ${relativeTime(connection.expiresAt)}. `
                  : ''}
                {connection.agents.length > 0 ? 'Granted to ' : 'Granted to no agent yet.'}
                {connection.agents.map((agent, index) => (
                  <span key={agent.id}>
                    {index > 0 ? ', ' : ''}
                    <a href={`/agents/${agent.id}/edit`}>{agent.name}</a>
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this connection?"
        confirmLabel="Revoke"
        onConfirm={() => revoking && revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>
          The provider is told to end its tokens, and they are deleted here. Agents granted it
          {revoking && revoking.agents.length > 0
            ? ` (${revoking.agents.map((agent) => agent.name).join(', ')})`
            : ''}{' '}
          cannot start runs until it is removed from them or connected again.
        </p>
      </ConfirmDialog>
    </div>
  );
}
