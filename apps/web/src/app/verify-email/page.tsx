import { VerifyEmail } from '../../components/auth/VerifyEmail.tsx';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';
import { safeNextPath } from '../../lib/next-path.ts';

export const metadata = { title: 'Verify your email · LIFEOSAI' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: Search }) {
  const [methods, search] = await Promise.all([loadAuthMethods(), searchParams]);
  const text = (key: string) => {
    const value = search[key];
    return typeof value === 'string' && value ? value : null;
  };
  return (
    <VerifyEmail
      email={text('email')}
      verified={search.verified === '1'}
      error={text('error')}
      mailOutbox={methods.mailOutbox}
      next={safeNextPath(search.next)}
    />
  );
}
