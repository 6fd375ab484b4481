import { ForgotPasswordForm } from '../../components/auth/ForgotPasswordForm.tsx';
import { loadAuthMethods } from '../../lib/load-auth-methods.ts';

export const metadata = { title: 'Reset your password · LIFEOSAI' };
export const dynamic = 'force-dynamic';

export default async function Page() {
  const methods = await loadAuthMethods();
  return <ForgotPasswordForm mailOutbox={methods.mailOutbox} />;
}
