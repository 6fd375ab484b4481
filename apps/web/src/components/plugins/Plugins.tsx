'use client';

import type { PluginView } from '@lifeosai/api-contract';
import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { useMe } from '../Shell.tsx';
import { canManage } from '../settings/role-options.ts';
import { InstallPlugin } from './InstallPlugin.tsx';
import { PluginCard } from './PluginCard.tsx';

/**
 * `/settings/plugins`: the organization's plugins (every installed version), what each brings,
 * which agents enable it; admins and owners install (upload or npm) and uninstall. Agents
 * enable plugins in their editor.
 */
export function Plugins() {
  const manage = canManage(useMe());
  const [plugins, setPlugins] = useState<PluginView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ items: PluginView[] }>('/api/plugins').then(
      (answer) => setPlugins(answer.items),
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="plugins-heading">
        <h2 id="plugins-heading">Plugins</h2>
        <p className="muted small">
          Bundles of skills, MCP servers and instructions your agents can enable (in each agent&apos;s
          editor). Claude Code plugins work as they are, with every harness.
          {manage ? '' : ' Admins and owners install and uninstall them.'}
        </p>
        {manage ? <InstallPlugin onInstalled={load} /> : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </section>
      {plugins === null ? null : plugins.length === 0 ? (
        <p className="muted">No plugins installed yet.</p>
      ) : (
        <ul className="plain stack" aria-label="Installed plugins">
          {plugins.map((plugin) => (
            <li key={plugin.id}>
              <PluginCard plugin={plugin} manage={manage} onUninstalled={load} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
