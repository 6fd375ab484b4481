import { AuthForm } from '../../components/AuthForm.tsx';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';

export const metadata = { title: 'Sign up · LIFEOSAI' };
// Which buttons show depends on the running install's settings, not on the build.
export const dynamic = 'force-dynamic';

export default async function Page() {
  return <AuthForm mode="sign-up" methods={await loadAuthMethods()} />;
}
