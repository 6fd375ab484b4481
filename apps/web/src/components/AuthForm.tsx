'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../lib/api.ts';

export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      if (mode === 'sign-up') {
        await api('/api/auth/sign-up/email', {
          body: { name: form.get('name'), email: form.get('email'), password: form.get('password') },
        });
        router.replace('/onboarding');
      } else {
        await api('/api/auth/sign-in/email', {
          body: { email: form.get('email'), password: form.get('password') },
        });
        router.replace('/');
      }
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <main className="page narrow">
      <p className="brand">LIFEOSAI</p>
      <h1>{mode === 'sign-up' ? 'Create your account' : 'Sign in'}</h1>
      <form onSubmit={submit} className="card stack">
        {mode === 'sign-up' ? (
          <label>
            Name
            <input name="name" autoComplete="name" required />
          </label>
        ) : null}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'sign-up' ? 'new-password' : 'current-password'}
            minLength={8}
            required
          />
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {mode === 'sign-up' ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        {mode === 'sign-up' ? (
          <>
            Already have an account? <Link href="/sign-in">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </p>
    </main>
  );
}
