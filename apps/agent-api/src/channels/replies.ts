/**
 * What the platform itself says in a chat, in plain words (formatted by the driver like any
 * reply). One place, so the wording stays consistent and tests can name it.
 */
export const replies = {
  pairing: (code: string, agentName: string) =>
    `Hello! I don't know you yet. Your pairing code is ${code}. Ask ${agentName}'s owner to approve it; your messages will be answered then.`,
  approved: 'You are approved: answering your messages now.',
  denied: "Sorry, the owner of this agent did not approve this chat, so I can't answer here.",
  notAllowed: 'Sorry, this agent only talks to people its owner added. Ask the owner if you need access.',
  senderLimited: (limit: number, minutes: number) =>
    `You're sending messages faster than I can answer (more than ${limit} in ${minutes} min). Please wait a minute, then try again.`,
  connectionLimited: 'I am receiving too many messages right now. Please try again in a minute.',
  newConversation: 'New conversation: the next message starts fresh.',
  stopping: 'Stopping the current task.',
  nothingToStop: 'Nothing is running in this chat.',
  greeting: (agentName: string) => `Hello! I'm ${agentName}. Send a message and I'll answer.`,
  status: (working: boolean, waiting: number, agentRuns: { running: number; queued: number }) =>
    [
      working ? 'Working on your last message.' : 'Idle: nothing running in this chat.',
      waiting > 0 ? `${waiting} message${waiting === 1 ? '' : 's'} waiting for the next turn.` : '',
      `The agent has ${agentRuns.running} run${agentRuns.running === 1 ? '' : 's'} going and ${agentRuns.queued} queued.`,
    ]
      .filter(Boolean)
      .join(' '),
  cancelled: 'Stopped.',
  failed: 'Sorry, I could not finish that. Try again, or ask the agent owner to look at the run.',
  noText: 'Done.',
  unavailable: "Sorry, I can't answer right now. Please try again later.",
  permission: (tool: string) => `The agent asks to use ${tool}. Allow it?`,
  permissionAnswered: (decision: 'allow' | 'deny') => (decision === 'allow' ? 'Allowed.' : 'Denied.'),
} as const;
