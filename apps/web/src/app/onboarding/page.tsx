import { Onboarding } from '../../components/Onboarding.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Get started · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Get started">
      <Onboarding />
    </Shell>
  );
}
