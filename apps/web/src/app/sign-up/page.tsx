import { AuthForm } from '../../components/AuthForm.tsx';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';
import { safeNextPath } from '../../lib/next-path.ts';

export const metadata = { title: 'Sign up · LIFEOSAI' };
// Which buttons show depends on the running install's settings, not on the build.
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

/** `?next=` (a path on this site): where a new account goes instead of onboarding. */
export default async function Page({ searchParams }: { searchParams: Search }) {
  const [methods, search] = await Promise.all([loadAuthMethods(), searchParams]);
  return <AuthForm mode="sign-up" methods={methods} next={safeNextPath(search.next)} />;
}
