import { CallDetailView } from '../../../../../components/calls/CallDetailView.tsx';
import { Shell } from '../../../../../components/Shell.tsx';

export const metadata = { title: 'Call · LIFEOSAI' };

export default async function Page({ params }: { params: Promise<{ id: string; callId: string }> }) {
  const { id, callId } = await params;
  return (
    <Shell title="Call">
      <CallDetailView agentId={id} callId={callId} />
    </Shell>
  );
}
