'use client';

import type { OAuthConnectionView } from '@lifeosai/api-contract';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import type { AgentDraft } from './draft.ts';

/**
 * Which of the organization's OAuth connections (Settings → Connections) the agent may use: each
 * run then gets a fresh access token of each in its provider's variable (e.g. `GITHUB_TOKEN`).
 * Active connections can be granted; one granted before that was revoked or failed stays listed
 * (its runs fail until it is unticked or connected again).
 */
export function ConnectionPicker({
  draft,
  change,
}: {
  draft: AgentDraft;
  change: (patch: Partial<AgentDraft>) => void;
}) {
  const [connections, setConnections] = useState<OAuthConnectionView[] | null>(null);
  const [variables, setVariables] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Both answers before anything shows, so a row never appears without its variable.
    Promise.allSettled([
      api<{ items: OAuthConnectionView[] }>('/api/oauth/connections'),
      api<{ items: Array<{ id: string; env: string }> }>('/api/oauth/providers'),
    ]).then(([listed, providers]) => {
      if (providers.status === 'fulfilled')
        setVariables(
          Object.fromEntries(providers.value.items.map((provider) => [provider.id, provider.env])),
        );
      if (listed.status === 'fulfilled') setConnections(listed.value.items);
      else setError(errorMessage(listed.reason));
    });
  }, []);

  const shown = (connections ?? []).filter(
    (connection) => connection.status === 'active' || draft.connections.includes(connection.id),
  );
  const toggle = (id: string, granted: boolean) =>
    change({
      connections: granted ? [...draft.connections, id] : draft.connections.filter((item) => item !== id),
    });

  return (
    <fieldset className="stack" data-testid="connection-picker">
      <legend>Connections</legend>
      {error ? <p className="error small">{error}</p> : null}
      {connections !== null && shown.length === 0 ? (
        <p className="muted small">
          No connected account yet: connect one in <a href="/settings/connections">Settings → Connections</a>.
        </p>
      ) : null}
      {shown.map((connection) => (
        <label key={connection.id} className="row wrap">
          <input
            type="checkbox"
            checked={draft.connections.includes(connection.id)}
            onChange={(event) => toggle(connection.id, event.target.checked)}
          />
          <span className="grow">
            {connection.provider}
            {connection.account ? ` · ${connection.account}` : ''}
            {connection.status === 'active' ? '' : ` (${connection.status}: reconnect or untick)`}
          </span>
          {variables[connection.provider] ? (
            <code className="small">{variables[connection.provider]}</code>
          ) : null}
        </label>
      ))}
      <p className="muted small">
        Each run gets a fresh token of each ticked account in the variable shown, inside its sandbox only.
      </p>
    </fieldset>
  );
}
