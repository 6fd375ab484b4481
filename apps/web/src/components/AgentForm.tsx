'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Agent, api, errorMessage, type Harness, type ProviderView } from '../lib/api.ts';
import styles from './agent-editor/AgentEditor.module.css';
import { AgentStatusActions } from './agent-editor/AgentStatusActions.tsx';
import { ConnectionPicker } from './agent-editor/ConnectionPicker.tsx';
import { type AgentDraft, draftFromAgent, effectiveProvider, emptyDraft } from './agent-editor/draft.ts';
import { FieldError, invalidProps } from './agent-editor/fields.tsx';
import { HarnessPicker } from './agent-editor/HarnessPicker.tsx';
import { HarnessSettings } from './agent-editor/HarnessSettings.tsx';
import { HeartbeatSection } from './agent-editor/HeartbeatSection.tsx';
import { LimitsSection } from './agent-editor/LimitsSection.tsx';
import { McpServersSection } from './agent-editor/McpServersSection.tsx';
import { ModelFields } from './agent-editor/ModelFields.tsx';
import { PermissionsSection } from './agent-editor/PermissionsSection.tsx';
import { PluginsSection } from './agent-editor/PluginsSection.tsx';
import { SkillsSection } from './agent-editor/SkillsSection.tsx';
import { toAgentPatch, toAgentRequest } from './agent-editor/to-request.ts';
import { VisibilityField } from './agent-editor/VisibilityField.tsx';

/** Opens the sections holding invalid fields and focuses the first one. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return;
  for (
    let details = field.closest('details');
    details;
    details = details.parentElement?.closest('details') ?? null
  )
    details.open = true;
  field.focus();
}

/**
 * The agent editor: creates an agent (no `agentId`) or edits one. Name, harness (with each
 * harness's environment check), model and instructions up front; MCP servers, skills,
 * permissions, heartbeat and limits in collapsible sections. Checks every field before
 * sending and shows the API's own message when it refuses.
 */
export function AgentForm({ agentId }: { agentId?: string }) {
  const editing = agentId !== undefined;
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [harnesses, setHarnesses] = useState<Harness[] | null>(null);
  const [providers, setProviders] = useState<ProviderView[] | null>(null);
  const [agent, setAgent] = useState<Agent | null>(null);
  const [draft, setDraft] = useState<AgentDraft | null>(() => (editing ? null : emptyDraft()));
  const [showErrors, setShowErrors] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ items: Harness[] }>('/api/agent/harnesses').then(
      (response) => setHarnesses(response.items),
      (error: unknown) => setLoadError(errorMessage(error)),
    );
    api<{ items: ProviderView[] }>('/api/models').then(
      (response) => setProviders(response.items),
      () => setProviders([]),
    );
  }, []);

  useEffect(() => {
    if (!agentId) return;
    api<Agent>(`/api/agent/agents/${encodeURIComponent(agentId)}`).then(
      (loaded) => {
        setAgent(loaded);
        setDraft(draftFromAgent(loaded));
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, [agentId]);

  // A new agent starts on the first harness when the default one is not installed here.
  useEffect(() => {
    if (editing || !harnesses?.length) return;
    setDraft((current) =>
      current && !harnesses.some((harness) => harness.id === current.harness)
        ? { ...current, harness: harnesses[0]!.id }
        : current,
    );
  }, [editing, harnesses]);

  useEffect(() => {
    if (focusRequest) focusFirstInvalid(form.current);
  }, [focusRequest]);

  const change = useCallback((patch: Partial<AgentDraft>) => {
    setDraft((current) => (current ? { ...current, ...patch } : current));
    setSaved('');
  }, []);

  // Built once the harness list is in: its metadata says which config key picks the provider.
  const request = useMemo(
    () =>
      draft &&
      harnesses &&
      toAgentRequest(draft, {
        editing,
        keepOtherHarnessConfig: editing && draft.harness === agent?.adapterType,
        harnesses,
      }),
    [draft, editing, agent, harnesses],
  );

  if (!draft || !harnesses || !request) {
    return loadError ? (
      <p role="alert" className="error">
        {loadError}
      </p>
    ) : (
      <p className="muted">Loading the agent…</p>
    );
  }
  // After a first failed submit, errors follow the fields as they are fixed or broken.
  const errors = showErrors && !request.ok ? request.errors : {};
  const harness = harnesses.find((item) => item.id === draft.harness);
  const sectionProps = { draft, change, errors, harness };

  function pickHarness(harnessId: string) {
    if (!draft) return;
    const picked = harnesses?.find((item) => item.id === harnessId);
    const providerChanges =
      effectiveProvider(picked, draft.provider) !== effectiveProvider(harness, draft.provider);
    change({ harness: harnessId, ...(providerChanges && { model: '' }) });
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!request) return;
    if (!request.ok) {
      setShowErrors(true);
      setFocusRequest((count) => count + 1);
      return;
    }
    setBusy(true);
    setServerError(null);
    setSaved('');
    try {
      if (agentId !== undefined) {
        const updated = await api<Agent>(`/api/agent/agents/${encodeURIComponent(agentId)}`, {
          method: 'PATCH',
          body: agent
            ? toAgentPatch(agent, request.body, {
                editing: true,
                keepOtherHarnessConfig: request.body.adapterType === agent.adapterType,
                harnesses: harnesses ?? [],
              })
            : request.body,
        });
        setAgent(updated);
        setDraft(draftFromAgent(updated));
        setShowErrors(false);
        setSaved('Changes saved.');
      } else {
        const created = await api<Agent>('/api/agent/agents', { body: request.body });
        router.push(`/agents/${created.id}`);
        return;
      }
    } catch (caught) {
      setServerError(errorMessage(caught));
    }
    setBusy(false);
  }

  const problems = Object.keys(errors).length;
  return (
    <>
      <form
        ref={form}
        onSubmit={submit}
        noValidate
        className="card stack"
        aria-label={editing ? 'Edit agent' : 'New agent'}
      >
        <div className={styles.field}>
          <label>
            Name
            <input
              name="name"
              value={draft.name}
              onChange={(event) => change({ name: event.target.value })}
              autoComplete="off"
              {...invalidProps(errors, 'name')}
            />
          </label>
          <FieldError errors={errors} field="name" />
        </div>
        <HarnessPicker
          harnesses={harnesses}
          value={draft.harness}
          onChange={pickHarness}
          error={errors.harness}
        />
        <ModelFields draft={draft} change={change} harness={harness} providers={providers} />
        <HarnessSettings {...sectionProps} />
        <div className={styles.field}>
          <label>
            Instructions
            <textarea
              name="instructions"
              rows={4}
              value={draft.instructions}
              onChange={(event) => change({ instructions: event.target.value })}
              placeholder="You are a helpful assistant."
              {...invalidProps(errors, 'instructions')}
            />
          </label>
          <FieldError errors={errors} field="instructions" />
        </div>
        <McpServersSection {...sectionProps} />
        <SkillsSection {...sectionProps} />
        <PluginsSection {...sectionProps} />
        <ConnectionPicker draft={draft} change={change} />
        <PermissionsSection {...sectionProps} />
        <HeartbeatSection {...sectionProps} />
        <LimitsSection {...sectionProps} />
        <VisibilityField draft={draft} change={change} />
        {problems ? (
          <p role="alert" className="error">
            {problems === 1 ? 'One field needs' : `${problems} fields need`} attention; see the messages
            above.
          </p>
        ) : null}
        {serverError ? (
          <p role="alert" className="error" data-testid="server-error">
            The server refused: {serverError}
          </p>
        ) : null}
        <div className={styles.formFooter}>
          <button type="submit" disabled={busy}>
            {editing ? 'Save changes' : 'Create agent'}
          </button>
          {editing ? <Link href={`/agents/${agentId}`}>Back to the chat</Link> : null}
          {editing ? <Link href={`/agents/${agentId}/channels`}>Channels (Telegram, WhatsApp)</Link> : null}
          {editing ? <Link href={`/agents/${agentId}/calls`}>Calls and phone numbers</Link> : null}
          <p role="status" className="muted small status-line">
            {saved}
          </p>
        </div>
      </form>
      {agent ? <AgentStatusActions agent={agent} onChange={setAgent} /> : null}
    </>
  );
}
