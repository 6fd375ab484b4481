'use client';

import type { ChannelSenderPolicy, CreateChannelBody } from '@lifeosai/api-contract';
import { type FormEvent, useId, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../lib/api.ts';
import { senderPolicyWords } from '../../lib/channel-words.ts';

const policies = Object.keys(senderPolicyWords) as ChannelSenderPolicy[];

/**
 * Connect a Telegram bot: how to get a token from BotFather, the token (a password field: it is
 * never shown again, by this page or the API), who may write. The API checks the token with
 * Telegram and its refusal is shown in its words, on the field.
 */
export function ConnectTelegram({ agentId, onCreated }: { agentId: string; onCreated: () => Promise<void> }) {
  const id = useId();
  const token = useRef<HTMLInputElement>(null);
  const [senders, setSenders] = useState<ChannelSenderPolicy>('pairing');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; onToken: boolean } | null>(null);
  const [status, setStatus] = useState('');

  async function connect(event: FormEvent) {
    event.preventDefault();
    const botToken = token.current?.value.trim() ?? '';
    if (!botToken) {
      setError({ text: 'Paste the bot token BotFather gave you.', onToken: true });
      token.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setStatus('Checking the token with Telegram…');
    try {
      const body: CreateChannelBody = { type: 'telegram', botToken, senders };
      await api(`/api/agent/agents/${encodeURIComponent(agentId)}/channels`, { method: 'POST', body });
      if (token.current) token.current.value = '';
      setStatus('Connected. The bot answers as this agent now.');
      await onCreated();
    } catch (caught) {
      const onToken =
        caught instanceof ApiError &&
        (caught.code === 'CHANNEL_TOKEN_INVALID' ||
          caught.code === 'CHANNEL_ACCOUNT_IN_USE' ||
          caught.status === 400);
      setError({ text: errorMessage(caught), onToken });
      setStatus('');
      if (onToken) token.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="card stack">
      <h2 id={`${id}-heading`}>Connect Telegram</h2>
      <ol className="small">
        <li>
          In Telegram, open <strong>@BotFather</strong> and send <code>/newbot</code>; choose a name and a
          username ending in “bot”.
        </li>
        <li>Copy the token it answers with (like 123456789:AAE…) and paste it here.</li>
        <li>People then write to your bot; each chat becomes a conversation of this agent.</li>
      </ol>
      <form className="stack" onSubmit={connect} noValidate>
        <label>
          Bot token
          <input
            ref={token}
            type="password"
            name="botToken"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error?.onToken ? 'true' : undefined}
            aria-describedby={error?.onToken ? `${id}-error` : `${id}-hint`}
          />
        </label>
        <p id={`${id}-hint`} className="muted small">
          Kept as a secret: nobody can read it back, here or through the API.
        </p>
        <label>
          Who may write
          <select value={senders} onChange={(event) => setSenders(event.target.value as ChannelSenderPolicy)}>
            {policies.map((policy) => (
              <option key={policy} value={policy}>
                {senderPolicyWords[policy].label}: {senderPolicyWords[policy].hint}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p id={`${id}-error`} role="alert" className="error" data-testid="telegram-error">
            {error.text}
          </p>
        ) : null}
        <div className="row wrap">
          <button type="submit" disabled={busy}>
            Connect Telegram
          </button>
          <p role="status" className="muted small status-line">
            {status}
          </p>
        </div>
      </form>
    </section>
  );
}
