import { Suspense } from 'react';
import { EditAgentLink } from '../../../components/agent-editor/EditAgentLink.tsx';
import { AgentPageInfo } from '../../../components/agents/AgentPageInfo.tsx';
import { Chat } from '../../../components/Chat.tsx';
import { ConversationLayout } from '../../../components/conversations/ConversationLayout.tsx';
import { Shell } from '../../../components/Shell.tsx';

export const metadata = { title: 'Chat · LIFEOSAI' };
export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <Shell title="Chat">
      <EditAgentLink />
      <AgentPageInfo />
      <Suspense>
        <ConversationLayout>
          <Chat />
        </ConversationLayout>
      </Suspense>
    </Shell>
  );
}
