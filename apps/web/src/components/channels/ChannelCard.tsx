'use client';

import type { Channel, ChannelPairing } from '@lifeosai/api-contract';
import { useId, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { channelHealth, channelName } from '../../lib/channel-words.ts';
import { relativeTime } from '../../lib/relative-time.ts';
import { Pairings } from '../pairings/Pairings.tsx';
import { ConfirmDialog } from '../settings/ConfirmDialog.tsx';
import { ChannelChats } from './ChannelChats.tsx';
import styles from './Channels.module.css';
import { SenderPolicyForm } from './SenderPolicyForm.tsx';
import { WhatsAppLogin } from './WhatsAppLogin.tsx';

/**
 * One connection: its name and health in words (with the last error and when), start/stop,
 * disconnect (after a confirmation), who may write, the senders waiting, the WhatsApp login
 * while the phone is not linked, and its chats.
 */
export function ChannelCard({
  channel,
  agentId,
  onChange,
  onReplace,
}: {
  channel: Channel;
  agentId: string;
  /** Something changed on the server: the list is asked again. */
  onChange: () => Promise<void>;
  /** The API answered with the connection as it now is. */
  onReplace: (channel: Channel) => void;
}) {
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const name = channelName(channel);
  const health = channelHealth(channel);
  const base = `/api/agent/channels/${encodeURIComponent(channel.id)}`;
  const needsLogin =
    channel.type === 'whatsapp' &&
    channel.enabled &&
    ['waiting_for_login', 'connecting'].includes(channel.status);

  async function setEnabled(enabled: boolean) {
    setBusy(true);
    setError(null);
    try {
      onReplace(await api<Channel>(base, { method: 'PATCH', body: { enabled } }));
    } catch (caught) {
      setError(`${enabled ? 'Not started' : 'Not stopped'}: ${errorMessage(caught)}`);
    } finally {
      setBusy(false);
    }
  }

  async function disconnect() {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await api(base, { method: 'DELETE' });
      await onChange();
    } catch (caught) {
      setError(`Not disconnected: ${errorMessage(caught)}`);
      setBusy(false);
    }
  }

  return (
    <li className="card stack" aria-labelledby={headingId} data-testid="channel">
      <div className={styles.head}>
        <h3 id={headingId}>{name}</h3>
        <span className="muted small">
          connected {relativeTime(channel.createdAt, Date.now())}
          {channel.pendingSenders > 0 ? ` · ${channel.pendingSenders} waiting for approval` : ''}
        </span>
      </div>
      <p className={styles.health} data-testid="channel-health">
        <span className={styles.dot} data-tone={health.tone} aria-hidden="true" />
        <span>{health.text}</span>
      </p>
      {channel.lastError && channel.status !== 'error' ? (
        <p className="small muted" data-testid="channel-last-error">
          Last error
          {channel.lastErrorAt ? (
            <>
              {' '}
              (<time dateTime={channel.lastErrorAt}>{relativeTime(channel.lastErrorAt, Date.now())}</time>)
            </>
          ) : null}
          : {channel.lastError}
        </p>
      ) : null}
      {channel.status === 'error' && channel.lastErrorAt ? (
        <p className="small muted">
          Since <time dateTime={channel.lastErrorAt}>{relativeTime(channel.lastErrorAt, Date.now())}</time>.
        </p>
      ) : null}
      <div className="row wrap">
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => setEnabled(!channel.enabled)}
        >
          {channel.enabled ? 'Stop' : 'Start'}
          <span className="sr-only"> {name}</span>
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(true)}>
          Disconnect…<span className="sr-only"> {name}</span>
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Disconnect ${name}?`}
        confirmLabel="Disconnect"
        onConfirm={disconnect}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The agent stops answering there and the connection&apos;s credentials are deleted
          {channel.type === 'whatsapp' ? ' (the phone is unlinked)' : ''}. Its conversations stay in the
          agent&apos;s list.
        </p>
      </ConfirmDialog>
      {needsLogin ? <WhatsAppLogin channel={channel} onLinked={onChange} /> : null}
      <SenderPolicyForm channel={channel} onSaved={onReplace} />
      {channel.senders === 'pairing' || channel.pendingSenders > 0 ? (
        <Pairings<ChannelPairing>
          path={`${base}/pairings`}
          who={(pairing) => pairing.name ?? `Sender ${pairing.senderId}`}
          label="Senders waiting for approval"
          nobodyWaiting="Nobody is waiting. Someone new who writes gets a code and shows up here."
          approved={(who) => `${who} may write to the agent now.`}
          pending={channel.pendingSenders}
          onDecided={onChange}
        />
      ) : null}
      <ChannelChats channel={channel} agentId={agentId} />
    </li>
  );
}
