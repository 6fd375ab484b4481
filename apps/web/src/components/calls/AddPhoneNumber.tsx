'use client';

import type { CreatePhoneNumberBody, PhoneCallerPolicy } from '@lifeosai/api-contract';
import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import { callerPolicyWords } from '../../lib/call-format.ts';
import styles from '../channels/Channels.module.css';

const policies = Object.keys(callerPolicyWords) as PhoneCallerPolicy[];

/** The default longest call, in minutes (the API's `defaultMaxCallSeconds`). */
const defaultMinutes = 10;

/**
 * Add a number: the Twilio number in E.164, who may call (pairing, a list, anyone) and the
 * longest call. The API checks the number (and that no other agent has it): its refusal shows on
 * the field, in its words.
 */
export function AddPhoneNumber({ agentId, onAdded }: { agentId: string; onAdded: () => Promise<void> }) {
  const id = useId();
  const numberField = useRef<HTMLInputElement>(null);
  const [callers, setCallers] = useState<PhoneCallerPolicy>('pairing');
  const [allow, setAllow] = useState('');
  const [minutes, setMinutes] = useState(String(defaultMinutes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; onNumber: boolean } | null>(null);
  const [status, setStatus] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    const number = numberField.current?.value.replace(/[\s().-]/g, '') ?? '';
    if (!number) {
      setError({ text: 'Type the Twilio number, like +14155550100.', onNumber: true });
      numberField.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: CreatePhoneNumberBody = {
        number,
        callers,
        maxCallSeconds: Math.round(Number(minutes) * 60),
        ...(callers === 'allowlist' && {
          allow: allow
            .split(/[\n,]/)
            .map((line) => line.replace(/[\s().-]/g, ''))
            .filter(Boolean),
        }),
      };
      await api(`/api/agent/agents/${encodeURIComponent(agentId)}/phone-numbers`, { body });
      if (numberField.current) numberField.current.value = '';
      setAllow('');
      setStatus(`${number} rings this agent now (once Twilio is told, above).`);
      await onAdded();
    } catch (caught) {
      const onNumber =
        caught instanceof ApiError && (caught.code === 'PHONE_NUMBER_IN_USE' || caught.status === 400);
      setError({ text: errorMessage(caught), onNumber });
      setStatus('');
      if (onNumber) numberField.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="card stack">
      <h3 id={`${id}-heading`}>Add a phone number</h3>
      <form className="stack" onSubmit={add} noValidate>
        <label>
          Twilio number
          <input
            ref={numberField}
            name="number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="+14155550100"
            aria-invalid={error?.onNumber ? 'true' : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
          />
        </label>
        <p id={`${id}-hint`} className="muted small">
          In international form: + and the country code, like +14155550100. A number rings one agent.
        </p>
        <label>
          Who may call
          <select value={callers} onChange={(event) => setCallers(event.target.value as PhoneCallerPolicy)}>
            {policies.map((policy) => (
              <option key={policy} value={policy}>
                {callerPolicyWords[policy].label}: {callerPolicyWords[policy].hint}
              </option>
            ))}
          </select>
        </label>
        {callers === 'allowlist' ? (
          <label>
            Numbers allowed to call (one a line)
            <textarea
              className={styles.allow}
              value={allow}
              onChange={(event) => setAllow(event.target.value)}
              placeholder={'+14155550100\n+447700900123'}
            />
          </label>
        ) : null}
        <label>
          Longest call (minutes)
          <input
            name="maxCallMinutes"
            type="number"
            min={1}
            max={240}
            step={1}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
        </label>
        {error ? (
          <p id={`${id}-error`} role="alert" className="error" data-testid="number-error">
            {error.text}
          </p>
        ) : null}
        <div className="row wrap">
          <button type="submit" disabled={busy}>
            Add number
          </button>
          <p role="status" className="muted small status-line">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}
