import { CallsView } from '../../../../components/calls/CallsView.tsx';
import { Shell } from '../../../../components/Shell.tsx';

export const metadata = { title: 'Calls · LIFEOSAI' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Shell title="Calls">
      <CallsView agentId={id} />
    </Shell>
  );
}
