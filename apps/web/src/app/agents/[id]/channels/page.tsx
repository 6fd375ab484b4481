import { ChannelsView } from '../../../../components/channels/ChannelsView.tsx';
import { Shell } from '../../../../components/Shell.tsx';

export const metadata = { title: 'Channels · LIFEOSAI' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Shell title="Channels">
      <ChannelsView agentId={id} />
    </Shell>
  );
}
