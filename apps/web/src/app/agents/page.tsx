import { AgentsList } from '../../components/Lists.tsx';
import { Shell } from '../../components/Shell.tsx';

export const metadata = { title: 'Agents · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="Agents">
      <AgentsList />
    </Shell>
  );
}
