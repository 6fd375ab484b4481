'use client';

import type { Harness } from '../../lib/api.ts';
import styles from './AgentEditor.module.css';
import { type EnvironmentState, useHarnessEnvironments } from './use-harness-environments.ts';

const statusWord = { ok: 'OK', warn: 'Warning', error: 'Error' } as const;

function EnvironmentReport({
  harness,
  state,
  onRecheck,
}: {
  harness: Harness;
  state: EnvironmentState | undefined;
  onRecheck: () => void;
}) {
  const summaryId = `environment-${harness.id}`;
  if (!state || state.state === 'checking')
    return (
      <p id={summaryId} className={`muted small ${styles.envSummary}`} aria-live="polite">
        Checking the environment…
      </p>
    );
  const recheck = (
    <button
      type="button"
      className="link small"
      onClick={onRecheck}
      aria-label={`Check ${harness.displayName} again`}
    >
      Check again
    </button>
  );
  if (state.state === 'failed')
    return (
      <div className={styles.envReport} aria-live="polite">
        <div className={styles.envHead}>
          <p id={summaryId} className={`small ${styles.envSummary}`}>
            <span className={styles.badge} data-status="warn">
              Unknown
            </span>{' '}
            The environment check did not answer: {state.message}
          </p>
          {recheck}
        </div>
      </div>
    );
  const problems = state.diagnostics.filter((diagnostic) => diagnostic.status !== 'ok').length;
  return (
    <div className={styles.envReport} aria-live="polite" data-testid={`environment-${harness.id}`}>
      <div className={styles.envHead}>
        <p id={summaryId} className={`small ${styles.envSummary}`}>
          <span className={styles.badge} data-status={state.ready ? (problems ? 'warn' : 'ok') : 'error'}>
            {state.ready ? 'Ready' : 'Not ready'}
          </span>{' '}
          {state.ready
            ? problems
              ? `${problems} warning${problems === 1 ? '' : 's'}`
              : 'All checks passed'
            : 'Runs will fail until the errors below are fixed'}
        </p>
        {recheck}
      </div>
      <ul className={styles.diagnostics}>
        {state.diagnostics.map((diagnostic) => (
          <li key={diagnostic.id} data-status={diagnostic.status}>
            <span className={styles.badge} data-status={diagnostic.status}>
              {statusWord[diagnostic.status]}
            </span>{' '}
            {diagnostic.message}
            {diagnostic.fix && diagnostic.status !== 'ok' ? (
              <span className={styles.fix}>Fix: {diagnostic.fix}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The harness radios, each with its environment check under it. A harness whose check
 * failed stays selectable: the agent can be set up before the machine is.
 */
export function HarnessPicker({
  harnesses,
  value,
  onChange,
  error,
}: {
  harnesses: Harness[];
  value: string;
  onChange: (harnessId: string) => void;
  error?: string;
}) {
  const { environments, recheck } = useHarnessEnvironments(harnesses.map((harness) => harness.id));
  return (
    <fieldset className={styles.harnesses}>
      <legend>Harness</legend>
      <div className={styles.harnessList}>
        {harnesses.map((harness) => (
          <div key={harness.id} className={styles.harnessOption} data-selected={harness.id === value}>
            <label className="choice">
              <input
                type="radio"
                name="harness"
                value={harness.id}
                checked={harness.id === value}
                onChange={() => onChange(harness.id)}
                aria-describedby={`environment-${harness.id}`}
                data-field="harness"
              />
              {harness.displayName} <span className="muted small">({harness.id})</span>
            </label>
            <EnvironmentReport
              harness={harness}
              state={environments[harness.id]}
              onRecheck={() => recheck(harness.id)}
            />
          </div>
        ))}
      </div>
      {error ? <p className="error small">{error}</p> : null}
    </fieldset>
  );
}
