import { ResetPasswordForm } from '../../components/auth/ResetPasswordForm.tsx';

export const metadata = { title: 'Choose a new password · LIFEOSAI' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Page({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const text = (key: string) => {
    const value = search[key];
    return typeof value === 'string' && value ? value : null;
  };
  return <ResetPasswordForm token={text('token')} error={text('error')} />;
}
