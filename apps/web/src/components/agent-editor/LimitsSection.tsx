'use client';

import styles from './AgentEditor.module.css';
import { defaultMaxConcurrentRuns, defaultRunTimeoutSec } from './draft.ts';
import { FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

function describe(draft: SectionProps['draft']): string {
  const budget = draft.monthlyBudgetUsd.trim() ? `$${draft.monthlyBudgetUsd.trim()}/month` : 'no budget';
  const runs = draft.maxConcurrentRuns.trim() || String(defaultMaxConcurrentRuns);
  return `${runs} at a time · ${budget}`;
}

/** How many runs at once, how long one may take, and what the agent may spend a month. */
export function LimitsSection({ draft, change, errors }: SectionProps) {
  const fields = [
    {
      key: 'maxConcurrentRuns',
      label: 'Runs at the same time',
      placeholder: `${defaultMaxConcurrentRuns} (default)`,
      inputMode: 'numeric',
    },
    {
      key: 'runTimeoutSec',
      label: 'Run timeout (seconds)',
      placeholder: `${defaultRunTimeoutSec} (default)`,
      inputMode: 'numeric',
    },
    {
      key: 'monthlyBudgetUsd',
      label: 'Monthly budget (USD)',
      placeholder: 'no budget',
      inputMode: 'decimal',
    },
  ] as const;
  return (
    <Section
      title="Limits & budget"
      summary={describe(draft)}
      hasSettings={Boolean(draft.monthlyBudgetUsd.trim())}
    >
      <div className={styles.grid3}>
        {fields.map((field) => (
          <div key={field.key} className={styles.field}>
            <label>
              {field.label}
              <input
                name={field.key}
                inputMode={field.inputMode}
                value={draft[field.key]}
                placeholder={field.placeholder}
                onChange={(event) => change({ [field.key]: event.target.value })}
                autoComplete="off"
                {...invalidProps(errors, field.key)}
              />
            </label>
            <FieldError errors={errors} field={field.key} />
          </div>
        ))}
      </div>
      <p className="muted small">
        Empty fields use the default. Spending the monthly budget pauses the agent; resume it after raising
        the budget, or once a new month has begun.
      </p>
    </Section>
  );
}
