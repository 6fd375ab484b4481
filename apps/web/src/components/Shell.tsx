'use client';

import type { HarnessList } from '@lifeosai/api-contract';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { ApiError, api, type Me } from '../lib/api.ts';
import { withNext } from '../lib/next-path.ts';
import styles from './Shell.module.css';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

const MeContext = createContext<Me | null>(null);

/** `runSandbox` of `GET /api/agent/harnesses`. */
type RunSandbox = HarnessList['runSandbox'];
export const useMe = () => useContext(MeContext);

const links = [
  { href: '/agents', label: 'Agents' },
  { href: '/runs', label: 'Runs' },
  { href: '/usage', label: 'Usage' },
  { href: '/settings', label: 'Settings' },
];
/** Shown only to the instance admin (the API answers 403 to everyone else anyway). */
const adminLink = { href: '/admin', label: 'Admin' };

/** Signed-in frame: navigation, sign out; sends anonymous visitors to /sign-in. */
export function Shell({ children, title }: { children: ReactNode; title: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [me, setMe] = useState<Me | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const [sandbox, setSandbox] = useState<RunSandbox | null>(null);

  useEffect(() => {
    // Loud on every page while agents run unsandboxed (and quiet when the check fails).
    api<{ runSandbox?: RunSandbox }>('/api/agent/harnesses').then(
      (harnesses) => setSandbox(harnesses.runSandbox ?? null),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    api<Me>('/api/me').then(setMe, (error: unknown) => {
      // Back here after signing in (a bookmarked run, a shared link).
      if (error instanceof ApiError && error.status === 401) {
        router.replace(withNext('/sign-in', `${window.location.pathname}${window.location.search}`));
      } else setFailed(error instanceof Error ? error.message : String(error));
    });
  }, [router]);

  async function signOut() {
    await api('/api/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
    router.replace('/sign-in');
  }

  return (
    <MeContext.Provider value={me}>
      <header className={`topbar ${styles.bar}`}>
        <Link href="/agents" className="brand">
          LIFEOSAI
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          {(me?.isInstanceAdmin ? [...links, adminLink] : links).map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={pathname.startsWith(link.href) ? 'page' : undefined}
            >
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-user">
          <span className="muted small">{me ? me.name || me.email : ''}</span>
          <Link
            href="/account"
            className="small"
            aria-current={pathname.startsWith('/account') ? 'page' : undefined}
            title="Your profile and password"
          >
            Account
          </Link>
          <ShortcutsHelp />
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {sandbox && !sandbox.sandboxed ? (
        <div role="alert" className={`error ${styles.sandboxWarning}`}>
          <strong>Agents on this instance are not sandboxed.</strong> {sandbox.message}.{' '}
          {sandbox.fix ? <span>To fix: {sandbox.fix}.</span> : null}
        </div>
      ) : null}
      <main className="page">
        <h1>{title}</h1>
        {failed ? (
          <p role="alert" className="error">
            {failed}
          </p>
        ) : null}
        {me ? children : failed ? null : <p className="muted">Loading…</p>}
      </main>
    </MeContext.Provider>
  );
}
