'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { ApiError, api } from '../lib/api.ts';

/** Signed out → sign in; no agents → onboarding; otherwise the agents list. */
export function Home() {
  const router = useRouter();
  useEffect(() => {
    api<{ items: unknown[] }>('/api/agent/agents').then(
      (r) => router.replace(r.items.length ? '/agents' : '/onboarding'),
      (e: unknown) => router.replace(e instanceof ApiError && e.status === 401 ? '/sign-in' : '/agents'),
    );
  }, [router]);
  return (
    <main className="page">
      <p className="muted">Loading…</p>
    </main>
  );
}
