'use client';

import styles from './Chat.module.css';

/** The harness's own status (`status` events) in words, beside the run's status. */
const activityWords: Record<string, string> = {
  starting: 'starting',
  requesting: 'waiting for the model',
  compacting: 'compacting the conversation',
  retrying: 'retrying the model call',
};

/**
 * The followed run's line: its id and status, and while it goes what the harness is doing
 * and whether it waits for a decision. Empty (but holding its height) without a run.
 */
export function RunStatusLine({
  run,
  activity,
  awaitingDecision,
}: {
  run: { id: string; status: string } | null;
  /** The harness's last `status` while the run goes (`requesting`…); null otherwise. */
  activity: string | null;
  awaitingDecision: boolean;
}) {
  return (
    <p className="status-line small" data-testid="run-status" aria-live="polite">
      {run ? (
        <>
          Run <code>{run.id}</code>: <strong>{run.status}</strong>
          {activity ? ` · ${activityWords[activity] ?? activity}` : null}
          {awaitingDecision ? ' · waiting for your decision' : null}
        </>
      ) : (
        '\u00a0'
      )}
    </p>
  );
}

/** Over the box while the last message is edited: what sending will do, and a way out. */
export function EditBanner({ replaces, onCancel }: { replaces: boolean; onCancel(): void }) {
  return (
    <p className={styles.editBanner} data-testid="edit-banner">
      {replaces
        ? 'Editing your last message: sending replaces its turn (the conversation is forked before it).'
        : "Editing your last message: this agent's harness cannot fork, so it is sent as a new message after the last turn."}
      <button type="button" className={styles.forkAction} onClick={onCancel}>
        Cancel edit
      </button>
    </p>
  );
}
