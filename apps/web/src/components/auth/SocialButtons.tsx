'use client';

import { useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import type { SocialMethod } from '../../lib/auth-methods.ts';
import { withNext } from '../../lib/next-path.ts';
import styles from './auth.module.css';

/**
 * "Continue with Google/Microsoft", one button per configured provider. The auth service
 * answers with the provider's authorize URL; the browser goes there and comes back through
 * `/api/auth/callback/<provider>` to `next` when given, else `/` (which routes new accounts to
 * onboarding), or to `/sign-in?error=…` when the provider refused.
 */
export function SocialButtons({ providers, next }: { providers: SocialMethod[]; next?: string | null }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (providers.length === 0) return null;

  async function start(provider: SocialMethod) {
    setBusy(provider.id);
    setError(null);
    try {
      const answer = await api<{ url?: string }>('/api/auth/sign-in/social', {
        body: {
          provider: provider.id,
          callbackURL: next ?? '/',
          errorCallbackURL: withNext('/sign-in', next),
        },
      });
      if (!answer.url) throw new Error(`${provider.name} sign-in did not return where to go.`);
      window.location.assign(answer.url);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(null);
    }
  }

  return (
    <>
      <div className={styles.social}>
        {providers.map((provider) => (
          <button
            key={provider.id}
            type="button"
            className="secondary"
            disabled={busy !== null}
            onClick={() => start(provider)}
          >
            Continue with {provider.name}
          </button>
        ))}
        {error ? (
          <p role="alert" className="error small">
            {error}
          </p>
        ) : null}
      </div>
      <p className={styles.divider}>or with email</p>
    </>
  );
}
