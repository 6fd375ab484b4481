'use client';

import styles from './AgentEditor.module.css';
import type { AgentDraft } from './draft.ts';

/**
 * Who reads the agent's conversations. Shown in the editor, which only admins and owners open
 * (the API also lets the agent's creator change it alone).
 */
export function VisibilityField({
  draft,
  change,
}: {
  draft: AgentDraft;
  change: (patch: Partial<AgentDraft>) => void;
}) {
  return (
    <div className={styles.field}>
      <label>
        Who reads its conversations
        <select
          name="visibility"
          value={draft.visibility}
          onChange={(event) => change({ visibility: event.target.value as AgentDraft['visibility'] })}
        >
          <option value="private">Each member their own (private)</option>
          <option value="organization">Everyone in the organization</option>
        </select>
      </label>
      <p className="muted small">
        Private: members see only the conversations they started; you and other admins also see the
        heartbeat's. Shared: every member reads every conversation with this agent.
      </p>
    </div>
  );
}
