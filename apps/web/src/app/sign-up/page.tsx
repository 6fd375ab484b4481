import { AuthForm } from '../../components/AuthForm.tsx';

export const metadata = { title: 'Sign up · LIFEOSAI' };

export default function Page() {
  return <AuthForm mode="sign-up" />;
}
