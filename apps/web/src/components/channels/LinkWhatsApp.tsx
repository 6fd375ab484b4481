'use client';

import type { Channel, ChannelSenderPolicy, CreateChannelBody } from '@lifeosai/api-contract';
import { useId, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { senderPolicyWords } from '../../lib/channel-words.ts';

const policies = Object.keys(senderPolicyWords) as ChannelSenderPolicy[];

/**
 * Link a WhatsApp number: makes the connection, whose card then shows the live QR code (and the
 * pairing-code alternative) until the phone is linked.
 */
export function LinkWhatsApp({
  agentId,
  channels,
  onCreated,
}: {
  agentId: string;
  channels: Channel[];
  onCreated: () => Promise<void>;
}) {
  const id = useId();
  const [senders, setSenders] = useState<ChannelSenderPolicy>('pairing');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const waiting = channels.find(
    (channel) => channel.type === 'whatsapp' && channel.status === 'waiting_for_login',
  );

  async function link() {
    setBusy(true);
    setError(null);
    try {
      const body: CreateChannelBody = { type: 'whatsapp', senders };
      await api(`/api/agent/agents/${encodeURIComponent(agentId)}/channels`, { method: 'POST', body });
      await onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="card stack">
      <h2 id={`${id}-heading`}>Link WhatsApp</h2>
      <p className="small">
        The agent answers from your WhatsApp number, as a linked device (like WhatsApp Web). Use a number you
        keep for the agent: people who write to it talk to the agent.
      </p>
      {waiting ? (
        <p className="notice small">
          A WhatsApp connection is waiting for its phone: scan its QR code in Connections above.
        </p>
      ) : (
        <div className="row wrap">
          <label>
            Who may write
            <select
              value={senders}
              onChange={(event) => setSenders(event.target.value as ChannelSenderPolicy)}
            >
              {policies.map((policy) => (
                <option key={policy} value={policy}>
                  {senderPolicyWords[policy].label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={busy} onClick={link}>
            Link a WhatsApp number
          </button>
        </div>
      )}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
