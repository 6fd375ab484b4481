'use client';

import type { Channel, ChannelSenderPolicy, PatchChannelBody } from '@lifeosai/api-contract';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { parseAllowlist, senderPolicyWords } from '../../lib/channel-words.ts';
import styles from './Channels.module.css';

const policies = Object.keys(senderPolicyWords) as ChannelSenderPolicy[];

/** Who may write to the agent through this connection: the policy, and the allowlist's ids. */
export function SenderPolicyForm({
  channel,
  onSaved,
}: {
  channel: Channel;
  onSaved: (channel: Channel) => void;
}) {
  const id = useId();
  const [senders, setSenders] = useState(channel.senders);
  const [allow, setAllow] = useState(channel.allow.join('\n'));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const saved = channel.senders === senders && channel.allow.join('\n') === parseAllowlist(allow).join('\n');

  // The server's copy wins when it changes under the form (approving a sender adds it to `allow`).
  useEffect(() => {
    setSenders(channel.senders);
    setAllow(channel.allow.join('\n'));
  }, [channel.senders, channel.allow]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const body: PatchChannelBody = { senders, allow: parseAllowlist(allow) };
      onSaved(
        await api<Channel>(`/api/agent/channels/${encodeURIComponent(channel.id)}`, {
          method: 'PATCH',
          body,
        }),
      );
      setStatus('Saved.');
    } catch (caught) {
      setError(`Not saved: ${errorMessage(caught)}`);
    } finally {
      setBusy(false);
    }
  }

  const placeholder = channel.type === 'whatsapp' ? '+33612345678' : '123456789 (a Telegram user id)';
  return (
    <form className={`${styles.part} stack`} onSubmit={save} aria-labelledby={`${id}-title`}>
      <fieldset className="stack">
        <legend id={`${id}-title`}>Who may write</legend>
        <div className="stack">
          {policies.map((policy) => (
            <label key={policy} className="choice">
              <input
                type="radio"
                name={`${id}-senders`}
                value={policy}
                checked={senders === policy}
                onChange={() => setSenders(policy)}
              />
              <span>
                {senderPolicyWords[policy].label}{' '}
                <span className="muted small">{senderPolicyWords[policy].hint}</span>
              </span>
            </label>
          ))}
        </div>
        <label>
          Allowed senders
          <textarea
            className={styles.allow}
            value={allow}
            placeholder={placeholder}
            aria-describedby={`${id}-allow-hint`}
            onChange={(event) => setAllow(event.target.value)}
          />
        </label>
        <p id={`${id}-allow-hint`} className="muted small">
          One per line.{' '}
          {channel.type === 'whatsapp' ? 'Numbers with their country code.' : 'Telegram user ids.'}
        </p>
      </fieldset>
      <div className="row wrap">
        <button type="submit" className="secondary" disabled={busy || saved}>
          Save who may write
        </button>
        <p role="status" className="muted small status-line">
          {status}
        </p>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
