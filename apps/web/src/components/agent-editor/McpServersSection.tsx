'use client';

import { useRef } from 'react';
import styles from './AgentEditor.module.css';
import { emptyMcpServer, type McpServerDraft } from './draft.ts';
import { useEditableRows, useFocusWhen } from './editable-rows.ts';
import { CapabilityNote, FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

function ServerRow({
  server,
  index,
  errors,
  update,
  remove,
  focusOnMount,
}: {
  server: McpServerDraft;
  index: number;
  focusOnMount: boolean;
  errors: SectionProps['errors'];
  update: (patch: Partial<McpServerDraft>) => void;
  remove: () => void;
}) {
  const at = `mcp.${server.rowId}`;
  const nameInput = useRef<HTMLInputElement>(null);
  // A row the user just added takes the focus, so a keyboard user lands in it.
  useFocusWhen(nameInput, focusOnMount);
  const title = server.name.trim() || `server ${index + 1}`;
  return (
    <fieldset className={styles.row}>
      <legend>MCP server {index + 1}</legend>
      <div className={styles.grid2}>
        <div className={styles.field}>
          <label>
            Server name
            <input
              value={server.name}
              onChange={(event) => update({ name: event.target.value })}
              placeholder="files"
              autoComplete="off"
              ref={nameInput}
              {...invalidProps(errors, `${at}.name`)}
            />
          </label>
          <FieldError errors={errors} field={`${at}.name`} />
        </div>
        <label>
          Transport
          <select
            value={server.type}
            onChange={(event) => update({ type: event.target.value === 'http' ? 'http' : 'stdio' })}
          >
            <option value="stdio">Local command (stdio)</option>
            <option value="http">Remote (HTTP)</option>
          </select>
        </label>
      </div>
      {server.type === 'stdio' ? (
        <>
          <div className={styles.field}>
            <label>
              Command
              <input
                value={server.command}
                onChange={(event) => update({ command: event.target.value })}
                placeholder="npx"
                autoComplete="off"
                {...invalidProps(errors, `${at}.command`)}
              />
            </label>
            <FieldError errors={errors} field={`${at}.command`} />
          </div>
          <div className={styles.grid2}>
            <label>
              <span>
                Arguments <span className="muted small">(one a line)</span>
              </span>
              <textarea
                rows={3}
                value={server.args}
                onChange={(event) => update({ args: event.target.value })}
                placeholder={'-y\n@modelcontextprotocol/server-filesystem'}
              />
            </label>
            <div className={styles.field}>
              <label>
                <span>
                  Environment <span className="muted small">(KEY=value, one a line; passed as given)</span>
                </span>
                <textarea
                  rows={3}
                  value={server.env}
                  onChange={(event) => update({ env: event.target.value })}
                  placeholder="LOG_LEVEL=warn"
                  {...invalidProps(errors, `${at}.env`)}
                />
              </label>
              <FieldError errors={errors} field={`${at}.env`} />
            </div>
          </div>
        </>
      ) : (
        <>
          <div className={styles.field}>
            <label>
              URL
              <input
                type="url"
                value={server.url}
                onChange={(event) => update({ url: event.target.value })}
                placeholder="https://mcp.example.com/mcp"
                autoComplete="off"
                {...invalidProps(errors, `${at}.url`)}
              />
            </label>
            <FieldError errors={errors} field={`${at}.url`} />
          </div>
          <div className={styles.field}>
            <label>
              <span>
                Headers <span className="muted small">(Header: value, one a line)</span>
              </span>
              <textarea
                rows={2}
                value={server.headers}
                onChange={(event) => update({ headers: event.target.value })}
                placeholder="Authorization: Bearer …"
                {...invalidProps(errors, `${at}.headers`)}
              />
            </label>
            <FieldError errors={errors} field={`${at}.headers`} />
          </div>
        </>
      )}
      <button type="button" className={`secondary ${styles.remove}`} onClick={remove}>
        Remove {title}
      </button>
    </fieldset>
  );
}

/** External MCP servers the agent's runs connect to, local (stdio) or remote (HTTP). */
export function McpServersSection({ draft, change, errors, harness }: SectionProps) {
  const servers = draft.mcpServers;
  const rows = useEditableRows(servers, (next) => change({ mcpServers: next }));
  const count = servers.length;
  return (
    <Section
      title="MCP servers"
      summary={count ? `${count} server${count === 1 ? '' : 's'}` : 'none'}
      hasSettings={count > 0}
    >
      <CapabilityNote harness={harness} capability="mcp" what="MCP servers" />
      {servers.map((server, index) => (
        <ServerRow
          key={server.rowId}
          server={server}
          index={index}
          errors={errors}
          update={(patch) => rows.update(server, patch)}
          focusOnMount={rows.isNew(server)}
          remove={() => rows.remove(server)}
        />
      ))}
      <button
        type="button"
        className="secondary"
        ref={rows.addButton}
        onClick={() => rows.add(emptyMcpServer())}
      >
        Add MCP server
      </button>
    </Section>
  );
}
