'use client';

import { useRef } from 'react';
import styles from './AgentEditor.module.css';
import { newRowId, type PermissionBehavior, type PermissionRuleDraft } from './draft.ts';
import { useEditableRows, useFocusWhen } from './editable-rows.ts';
import { CapabilityNote, FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

const behaviors: { value: PermissionBehavior; label: string }[] = [
  { value: 'allow', label: 'Allow' },
  { value: 'ask', label: 'Ask a person' },
  { value: 'deny', label: 'Deny' },
];

const asBehavior = (value: string): PermissionBehavior =>
  value === 'ask' || value === 'deny' ? value : 'allow';

function RuleRow({
  rule,
  index,
  errors,
  update,
  remove,
  focusOnMount,
}: {
  rule: PermissionRuleDraft;
  index: number;
  errors: SectionProps['errors'];
  update: (patch: Partial<PermissionRuleDraft>) => void;
  remove: () => void;
  focusOnMount: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useFocusWhen(input, focusOnMount);
  const field = `rules.${rule.rowId}.tool`;
  return (
    <li className={styles.inlineRow}>
      <div className={`${styles.field} grow`}>
        <label>
          Tool {index + 1}
          <input
            ref={input}
            value={rule.tool}
            onChange={(event) => update({ tool: event.target.value })}
            placeholder="Bash"
            autoComplete="off"
            {...invalidProps(errors, field)}
          />
        </label>
        <FieldError errors={errors} field={field} />
      </div>
      <label>
        Then {index + 1}
        <select
          value={rule.behavior}
          onChange={(event) => update({ behavior: asBehavior(event.target.value) })}
        >
          {behaviors.map((behavior) => (
            <option key={behavior.value} value={behavior.value}>
              {behavior.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="secondary"
        onClick={remove}
        aria-label={`Remove tool rule ${index + 1}`}
      >
        Remove
      </button>
    </li>
  );
}

/** What happens when the agent wants to use a tool: a default, per-tool rules, how long to wait for a person. */
export function PermissionsSection({ draft, change, errors, harness }: SectionProps) {
  const rules = draft.permissionRules;
  const rows = useEditableRows(rules, (next) => change({ permissionRules: next }));
  const mode = behaviors.find((behavior) => behavior.value === draft.permissionMode)?.label ?? '';
  return (
    <Section
      title="Permissions"
      summary={`${mode}${rules.length ? ` · ${rules.length} rule${rules.length === 1 ? '' : 's'}` : ''}`}
      hasSettings={draft.permissionMode !== 'allow' || rules.length > 0}
    >
      <CapabilityNote harness={harness} capability="permissions" what="permission policies" />
      <label>
        Tools not listed below
        <select
          name="permissionMode"
          value={draft.permissionMode}
          onChange={(event) => change({ permissionMode: asBehavior(event.target.value) })}
        >
          {behaviors.map((behavior) => (
            <option key={behavior.value} value={behavior.value}>
              {behavior.label}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">
        Rules are checked in order; the first whose tool matches decides. Use the tool’s name as the harness
        reports it (Claude Code: <code>Bash</code>, Pi: <code>bash</code>); a trailing <code>*</code> matches
        any suffix, e.g. <code>mcp__github__*</code>.
      </p>
      {rules.length ? (
        <ul className="plain">
          {rules.map((rule, index) => (
            <RuleRow
              key={rule.rowId}
              rule={rule}
              index={index}
              errors={errors}
              focusOnMount={rows.isNew(rule)}
              update={(patch) => rows.update(rule, patch)}
              remove={() => rows.remove(rule)}
            />
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="secondary"
        ref={rows.addButton}
        onClick={() => rows.add({ rowId: newRowId(), tool: '', behavior: 'ask' })}
      >
        Add tool rule
      </button>
      <div className={styles.field}>
        <label>
          Wait for an answer (seconds)
          <input
            inputMode="numeric"
            value={draft.askTimeoutSec}
            onChange={(event) => change({ askTimeoutSec: event.target.value })}
            {...invalidProps(errors, 'askTimeoutSec', 'ask-timeout-hint')}
          />
        </label>
        <span id="ask-timeout-hint" className="muted small">
          When a tool asks a person and nobody answers in time, the tool is denied.
        </span>
        <FieldError errors={errors} field="askTimeoutSec" />
      </div>
    </Section>
  );
}
