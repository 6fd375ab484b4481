import { AgentForm } from '../../../components/AgentForm.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'New agent · LIFEOSAI' };

export default function Page() {
  return (
    <Shell title="New agent">
      <AgentForm />
    </Shell>
  );
}
