import type { Agent } from '../../lib/api.ts';
import { activityWords, heartbeatWords } from './agent-glance.ts';

const tone = { idle: 'ok', running: 'ok', waiting_for_permission: 'warn', paused: 'warn' } as const;

/** An agent at a glance: what it does now (live on the cards) and when its heartbeat looks next. */
export function AgentGlance({ agent }: { agent: Agent }) {
  return (
    <div className="stack small" data-testid="agent-glance">
      <p
        data-testid="agent-activity"
        data-state={agent.activity.state}
        data-tone={tone[agent.activity.state]}
      >
        <strong>{activityWords(agent)}</strong>
      </p>
      <p className="muted" data-testid="agent-next-wake">
        {heartbeatWords(agent, new Date())}
      </p>
    </div>
  );
}
