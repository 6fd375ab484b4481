'use client';

import { type ReactNode, useState } from 'react';
import type { Harness } from '../../lib/api.ts';
import styles from './AgentEditor.module.css';
import type { AgentDraft } from './draft.ts';
import type { FieldErrors } from './to-request.ts';

/** What every section of the editor gets. */
export interface SectionProps {
  draft: AgentDraft;
  /** Merges a change into the draft. */
  change: (patch: Partial<AgentDraft>) => void;
  errors: FieldErrors;
  /** The chosen harness, once the list has loaded. */
  harness: Harness | undefined;
}

const domId = (key: string) => `field-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** Attributes tying an input to its error message (`aria-invalid`, `aria-describedby`). */
export function invalidProps(errors: FieldErrors, key: string, hint?: string) {
  const described = [errors[key] ? `${domId(key)}-error` : undefined, hint].filter(Boolean).join(' ');
  return {
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': described || undefined,
    'data-field': key,
  } as const;
}

/** The error message of one field, shown right under it. */
export function FieldError({ errors, field }: { errors: FieldErrors; field: string }) {
  if (!errors[field]) return null;
  return (
    <span id={`${domId(field)}-error`} className={`error small ${styles.fieldError}`}>
      {errors[field]}
    </span>
  );
}

/**
 * A collapsible part of the form. Opens at first when it already holds settings; the user
 * toggles it after that (and a failed submit opens the ones with errors).
 */
export function Section({
  title,
  summary,
  hasSettings,
  children,
}: {
  title: string;
  summary: string;
  hasSettings: boolean;
  children: ReactNode;
}) {
  const [initiallyOpen] = useState(hasSettings);
  return (
    <details className={styles.section} open={initiallyOpen}>
      <summary>
        <span className={styles.sectionTitle}>{title}</span> <span className="muted small">{summary}</span>
      </summary>
      <div className={`stack ${styles.sectionBody}`}>{children}</div>
    </details>
  );
}

/** Says so when the chosen harness does not support what a section configures. */
export function CapabilityNote({
  harness,
  capability,
  what,
}: {
  harness: Harness | undefined;
  capability: string;
  what: string;
}) {
  if (harness?.capabilities[capability] !== false) return null;
  return (
    <p className="notice small">
      {harness.displayName} does not support {what}: they are saved with the agent but not used by its runs.
    </p>
  );
}
