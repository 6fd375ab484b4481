import { AgentForm } from '../../../../components/AgentForm.tsx';
import { Shell } from '../../../../components/Shell.tsx';

export const metadata = { title: 'Edit agent · LIFEOSAI' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Shell title="Edit agent">
      <AgentForm agentId={id} />
    </Shell>
  );
}
