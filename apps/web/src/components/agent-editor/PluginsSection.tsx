'use client';

import type { PluginView } from '@lifeosai/api-contract';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import styles from './AgentEditor.module.css';
import { FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

/** What a plugin brings, in a few words: "skills review · MCP servers lint · instructions". */
function partsLine(plugin: PluginView): string {
  const { parts } = plugin;
  return (
    [
      parts.skills.length ? `skills ${parts.skills.join(', ')}` : '',
      parts.commands.length ? `commands ${parts.commands.map((name) => `/${name}`).join(', ')}` : '',
      parts.mcpServers.length ? `MCP servers ${parts.mcpServers.join(', ')}` : '',
      parts.instructions ? 'instructions' : '',
    ]
      .filter(Boolean)
      .join(' · ') || 'nothing to apply'
  );
}

/** The harness parts this one does not take, for a note under the plugin. */
function unsupportedParts(plugin: PluginView, capabilities: Record<string, boolean> | undefined): string[] {
  const missing: string[] = [];
  if (capabilities?.skills === false && plugin.parts.skills.length + plugin.parts.commands.length > 0)
    missing.push('skills and commands');
  if (capabilities?.mcp === false && plugin.parts.mcpServers.length > 0) missing.push('MCP servers');
  return missing;
}

function PluginRow({ plugin, props }: { plugin: PluginView; props: SectionProps }) {
  const { draft, change, errors, harness } = props;
  const enabled = draft.plugins.includes(plugin.id);
  const field = `pluginConfig.${plugin.id}`;
  const missing = unsupportedParts(plugin, harness?.capabilities);
  const properties = Object.keys((plugin.configSchema?.properties as Record<string, unknown>) ?? {});
  return (
    <li className={`stack ${styles.row}`}>
      <label className="choice">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) =>
            change({
              plugins: event.target.checked
                ? [...draft.plugins, plugin.id]
                : draft.plugins.filter((id) => id !== plugin.id),
            })
          }
        />{' '}
        <strong>{plugin.name}</strong> <span className="muted small">{plugin.version}</span>
      </label>
      {plugin.description ? <span className="small">{plugin.description}</span> : null}
      <span className="muted small">{partsLine(plugin)}</span>
      {enabled && missing.length ? (
        <span className="notice small">
          {harness?.displayName} does not take its {missing.join(' or ')}; the rest applies.
        </span>
      ) : null}
      {enabled && plugin.configSchema ? (
        <div className={styles.field}>
          <label>
            <span>
              Config (JSON){' '}
              {properties.length ? (
                <span className="muted small">fields: {properties.join(', ')}</span>
              ) : null}
            </span>
            <textarea
              rows={3}
              value={draft.pluginConfig[plugin.id] ?? ''}
              onChange={(event) =>
                change({ pluginConfig: { ...draft.pluginConfig, [plugin.id]: event.target.value } })
              }
              placeholder="{}"
              spellCheck={false}
              {...invalidProps(errors, field)}
            />
          </label>
          <FieldError errors={errors} field={field} />
        </div>
      ) : null}
    </li>
  );
}

/**
 * The agent editor's plugin picker: the organization's installed plugins (`GET /api/plugins`),
 * each with what it brings, a switch, and a config box when it declares a config schema.
 */
export function PluginsSection(props: SectionProps) {
  const [plugins, setPlugins] = useState<PluginView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: PluginView[] }>('/api/plugins').then(
      (response) => setPlugins(response.items),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, []);
  const count = props.draft.plugins.length;
  return (
    <Section title="Plugins" summary={count ? `${count} enabled` : 'none'} hasSettings={count > 0}>
      {loadError ? <p className="error small">The plugins could not be listed: {loadError}</p> : null}
      {plugins?.length === 0 ? (
        <p className="muted small">
          No plugins installed yet; install one on the <Link href="/settings/plugins">Plugins</Link> page.
        </p>
      ) : null}
      {plugins?.length ? (
        <ul className="plain stack">
          {plugins.map((plugin) => (
            <PluginRow key={plugin.id} plugin={plugin} props={props} />
          ))}
        </ul>
      ) : null}
    </Section>
  );
}
