import { AuthForm } from '../../components/AuthForm.tsx';

export const metadata = { title: 'Sign in · LIFEOSAI' };

export default function Page() {
  return <AuthForm mode="sign-in" />;
}
