import type { VoiceTool } from '@lifeosai/voice-spec';

/** The voice's tool that hands a question to the agent behind it. */
export const askAgentTool = 'ask_agent';
/** The voice's tool that hangs up. */
export const endCallTool = 'end_call';

/**
 * The voice's tools. `ask_agent` is non-blocking: the voice says "one moment" and keeps
 * listening while the agent works; its answer arrives as the tool's result.
 */
export const voiceTools: readonly VoiceTool[] = [
  {
    name: askAgentTool,
    description:
      "Ask the agent you speak for. Use it for anything that needs the agent's knowledge, memory, files or tools — which is almost every real question or request. Say a short 'one moment' while it works; the answer arrives as this tool's result: speak it in your own short words.",
    parameters: {
      type: 'object',
      properties: {
        question: {
          type: 'string',
          description: "The caller's question or request, complete and self-contained, in their words.",
        },
      },
      required: ['question'],
    },
    nonBlocking: true,
  },
  {
    name: endCallTool,
    description:
      'Hang up. Use it once the caller says goodbye or the conversation is over, after your own short goodbye.',
    parameters: { type: 'object', properties: {} },
  },
];

/** Who the voice speaks for and with. */
export interface VoiceCallContext {
  agentName: string;
  /** `twilio` (a phone line) or `browser` (the web app's Call button). */
  source: 'twilio' | 'browser';
  /** Who calls: their number, or the person's name. */
  callerName: string;
}

/** The voice's system instructions. */
export function voiceInstructions(context: VoiceCallContext): string {
  const line = context.source === 'twilio' ? 'a phone call' : 'a voice call from the web app';
  return [
    `You are the voice of ${context.agentName}, an AI agent, answering ${line} from ${context.callerName}.`,
    'You speak; the agent thinks. For anything that needs the agent — its knowledge, memory, files, tools, or any action — call ask_agent with the question, say "one moment" (or similar, briefly), and keep listening; when the answer arrives, tell it to the caller in your own words.',
    'Never make up an answer the agent should give. Small talk, greetings and clarifying questions are yours.',
    'This is a phone call: keep every answer short and spoken — one to three sentences, no lists, no markdown, no links, no code. Spell out numbers as they are said.',
    'If the agent is waiting for its owner to approve a step, tell the caller it is waiting for approval and that it may take a moment.',
    'When the caller says goodbye, or you are told the call must end, say a short goodbye and call end_call.',
  ].join('\n');
}

/** What the voice is told (as a user turn) at moments the bridge decides. */
export const voiceNotices = {
  connected: 'The caller is on the line now. Greet them in one short sentence and ask how you can help.',
  waitingForApproval:
    "The agent is waiting for its owner to approve a step before it can go on. Tell the caller briefly that it is waiting for approval; the answer will come once it's approved.",
  timeIsUp:
    'The call has reached its maximum length. Tell the caller briefly that the time is up, say goodbye, and call end_call.',
  agentFailed:
    'The agent could not answer this time. Apologise to the caller in one sentence, say goodbye, and call end_call.',
};
