import { Shell } from '../../components/Shell.tsx';
import { UsageView } from '../../components/usage/UsageView.tsx';

export const metadata = { title: 'Usage · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Usage">
      <UsageView />
    </Shell>
  );
}
