import type { Agent } from '../../lib/api.ts';

/** What the agent is doing now, in words for its card: "Idle", "Running 2", "Paused — …". */
export function activityWords(agent: Pick<Agent, 'activity' | 'pausedReason'>): string {
  const { state, activeRuns, pendingPermissions } = agent.activity;
  switch (state) {
    case 'paused':
      return `Paused — ${agent.pausedReason ?? 'no reason given'}`;
    case 'waiting_for_permission':
      return pendingPermissions > 1
        ? `Waiting for your permission (${pendingPermissions} requests)`
        : 'Waiting for your permission';
    case 'running':
      return activeRuns > 1 ? `Running ${activeRuns}` : 'Running';
    default:
      return 'Idle';
  }
}

/** A wake time as a person reads it: `14:30` today, `Tue 14:30` this week, else the date too. */
export function wakeTime(at: Date, now: Date): string {
  const time = at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return time;
  const days = (at.getTime() - now.getTime()) / 86_400_000;
  if (days < 6) return `${at.toLocaleDateString('en-GB', { weekday: 'short' })} ${time}`;
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time}`;
}

/**
 * The heartbeat in words. A heartbeat slot wakes the agent only when its inbox has an item due
 * (by design: the check costs no tokens), so the line says so rather than look broken.
 */
export function heartbeatWords(agent: Pick<Agent, 'heartbeat' | 'nextWakeAt' | 'status'>, now: Date): string {
  if (agent.nextWakeAt)
    return `Next wake ${wakeTime(new Date(agent.nextWakeAt), now)}; wakes only when the inbox has something due.`;
  if (agent.status === 'paused' && agent.heartbeat?.enabled)
    return 'Heartbeat waits while the agent is paused.';
  return 'No heartbeat: it works when someone writes to it.';
}
