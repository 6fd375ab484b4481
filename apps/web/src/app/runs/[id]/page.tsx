import { RunControl } from '../../../components/chat/RunControl.tsx';
import { RunDetail } from '../../../components/Lists.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'Run · LIFEOSAI' };
export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <Shell title="Run">
      <RunControl />
      <RunDetail />
    </Shell>
  );
}
