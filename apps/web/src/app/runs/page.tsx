import { RunsList } from '../../components/Lists.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Runs · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Runs">
      <RunsList />
    </Shell>
  );
}
