'use client';

import type { PhoneNumberView } from '@lifeosai/api-contract';
import styles from '../channels/Channels.module.css';
import { usePolled } from '../channels/use-polled.ts';
import { AddPhoneNumber } from './AddPhoneNumber.tsx';
import { PhoneNumberCard } from './PhoneNumberCard.tsx';

/** How often the numbers are asked again (a caller waiting for approval shows up on its own). */
const refreshMs = 8000;

/** The phone numbers that ring the agent (Twilio), each with its webhook and callers waiting; adding one. */
export function PhoneNumbers({ agentId }: { agentId: string }) {
  const numbers = usePolled<{ items: PhoneNumberView[] }>(
    `/api/agent/agents/${encodeURIComponent(agentId)}/phone-numbers`,
    refreshMs,
  );
  const items = numbers.data?.items ?? [];
  return (
    <section aria-labelledby="numbers-heading" className="stack">
      <h2 id="numbers-heading">Phone numbers</h2>
      <p className="muted small">
        A Twilio number whose voice webhook points here rings this agent: the caller talks with it, and a
        caller’s later calls continue the same conversation.
      </p>
      {numbers.error ? (
        <p role="alert" className="error">
          The phone numbers could not be loaded: {numbers.error}
        </p>
      ) : null}
      {numbers.data && items.length === 0 ? (
        <p className="muted" data-testid="no-numbers">
          No phone number yet: add the Twilio number that should ring this agent below.
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className={styles.connections} aria-label="Phone numbers">
          {items.map((number) => (
            <PhoneNumberCard key={number.id} number={number} onChange={numbers.reload} />
          ))}
        </ul>
      ) : null}
      <AddPhoneNumber agentId={agentId} onAdded={numbers.reload} />
    </section>
  );
}
