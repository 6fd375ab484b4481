import { AuthForm, type AuthNotice } from '../../components/AuthForm.tsx';
import { authMessage } from '../../components/auth/auth-messages.ts';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';
import { safeNextPath } from '../../lib/next-path.ts';

export const metadata = { title: 'Sign in · LIFEOSAI' };
// Which buttons show depends on the running install's settings, not on the build.
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** `?reset=1` after a new password; `?error=` when Google/Microsoft sent the browser back. */
function noticeFor(search: Record<string, string | string[] | undefined>): AuthNotice | null {
  const error = typeof search.error === 'string' ? search.error : null;
  if (error) return { tone: 'error', text: authMessage(error) };
  if (search.reset === '1')
    return { tone: 'info', text: 'Your password was changed. Sign in with the new one.' };
  return null;
}

export default async function Page({ searchParams }: { searchParams: Search }) {
  const [methods, search] = await Promise.all([loadAuthMethods(), searchParams]);
  return (
    <AuthForm mode="sign-in" methods={methods} notice={noticeFor(search)} next={safeNextPath(search.next)} />
  );
}
