'use client';

import type { PluginView } from '@lifeosai/api-contract';
import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { ConfirmDialog } from '../settings/ConfirmDialog.tsx';

const formatNames: Record<PluginView['format'], string> = {
  lifeosai: 'LIFEOSAI plugin',
  'claude-code': 'Claude Code plugin',
};

/** One installed version: what it brings, where it came from, the agents enabling it. */
export function PluginCard({
  plugin,
  manage,
  onUninstalled,
}: {
  plugin: PluginView;
  manage: boolean;
  onUninstalled: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { parts } = plugin;
  const title = `${plugin.name} ${plugin.version}`;

  async function uninstall() {
    setConfirming(false);
    try {
      await api(`/api/plugins/${encodeURIComponent(plugin.id)}`, { method: 'DELETE' });
      onUninstalled();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <article className="card stack" aria-label={title}>
      <div className="row wrap">
        <h3 className="grow">
          {plugin.name} <span className="badge">{plugin.version}</span>
        </h3>
        {manage ? (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Uninstall
          </button>
        ) : null}
      </div>
      {plugin.description ? <p>{plugin.description}</p> : null}
      <p className="muted small">
        {formatNames[plugin.format]} · {plugin.npmSpec ? `npm ${plugin.npmSpec}` : 'uploaded'} ·{' '}
        <code title="Checksum of the archive">{plugin.checksum.slice(0, 20)}…</code>
      </p>
      <dl className="small">
        {parts.skills.length > 0 ? <Part label="Skills" items={parts.skills} /> : null}
        {parts.mcpServers.length > 0 ? <Part label="MCP servers" items={parts.mcpServers} /> : null}
        {parts.commands.length > 0 ? (
          <Part label="Commands" items={parts.commands.map((name) => `/${name}`)} />
        ) : null}
        {parts.instructions ? <Part label="Instructions" items={['added to the agent’s']} /> : null}
        <dt>Used by</dt>
        <dd>
          {plugin.agents.length === 0
            ? 'No agent yet'
            : plugin.agents.map((agent, index) => (
                <span key={agent.id}>
                  {index > 0 ? ', ' : ''}
                  <a href={`/agents/${agent.id}`}>{agent.name}</a>
                </span>
              ))}
        </dd>
      </dl>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Uninstall ${title}?`}
        confirmLabel="Uninstall"
        onConfirm={uninstall}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {plugin.agents.length === 0
            ? 'No agent uses it.'
            : `It is removed from ${plugin.agents.length === 1 ? '1 agent' : `${plugin.agents.length} agents`} (${plugin.agents
                .map((agent) => agent.name)
                .join(', ')}), with their settings for it.`}{' '}
          Runs already going keep it until they end.
        </p>
      </ConfirmDialog>
    </article>
  );
}

function Part({ label, items }: { label: string; items: string[] }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{items.join(', ')}</dd>
    </>
  );
}
