import { type ApiKind, estimateTokens, type ModelCall } from './model-call.ts';
import type { ReplyBlock, ReplyEnding, ReplyScenario, StopReason } from './scenario.ts';

/** A reply block with everything the wire encoders need: ids resolved, deltas cut. */
export type PlannedBlock =
  | { type: 'thinking'; thinking: string; signature: string; pieces: string[] }
  | { type: 'text'; text: string; pieces: string[] }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown>; pieces: string[] };

/** Final token counts of a reply. */
export interface PlannedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** Id prefixes of each API: the reply's, and its tool calls'. */
const ID_PREFIXES: Record<ApiKind, { reply: string; toolCall: string }> = {
  anthropic: { reply: 'msg_fake_', toolCall: 'toolu_fake_' },
  openai: { reply: 'chatcmpl-fake-', toolCall: 'call_fake_' },
  'openai-responses': { reply: 'resp_fake_', toolCall: 'call_fake_' },
  google: { reply: 'gen_fake_', toolCall: 'call_fake_' },
};

/** A reply ready to be encoded for one API. */
export interface PlannedReply {
  /** `msg_fake_…`, `chatcmpl-fake-…`, `resp_fake_…` or `gen_fake_…`. */
  id: string;
  model: string;
  blocks: PlannedBlock[];
  stopReason: StopReason;
  usage: PlannedUsage;
  delayMs: number;
  ending: ReplyEnding;
}

// Real APIs send tool arguments in small fragments; clients must reassemble them.
const JSON_PIECE_LENGTH = 12;

/** Resolves ids, delta boundaries and usage for one reply. `nextId` numbers ids per server. */
export function planReply(
  scenario: ReplyScenario,
  call: ModelCall,
  nextId: (prefix: string) => string,
): PlannedReply {
  const blocks = scenario.blocks.map((block) => planBlock(block, scenario.chunks, call, nextId));
  const outputText = blocks.map((block) => block.pieces.join('')).join('');
  const overrides = scenario.usage ?? {};
  return {
    id: nextId(ID_PREFIXES[call.api].reply),
    model: call.model,
    blocks,
    stopReason: scenario.stopReason ?? (blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
    usage: {
      inputTokens: overrides.inputTokens ?? call.inputTokens,
      outputTokens: overrides.outputTokens ?? estimateTokens(outputText),
      cacheCreationInputTokens: overrides.cacheCreationInputTokens ?? 0,
      cacheReadInputTokens: overrides.cacheReadInputTokens ?? 0,
    },
    delayMs: scenario.delayMs,
    ending: scenario.ending,
  };
}

function planBlock(
  block: ReplyBlock,
  chunks: number | undefined,
  call: ModelCall,
  nextId: (prefix: string) => string,
): PlannedBlock {
  switch (block.type) {
    case 'thinking':
      return {
        ...block,
        // Clients send the signature back verbatim; the fake never checks it.
        signature: Buffer.from(`fake-signature:${block.thinking}`).toString('base64'),
        pieces: splitText(block.thinking, chunks),
      };
    case 'text':
      return { ...block, pieces: splitText(block.text, chunks) };
    case 'tool_use':
      return {
        type: 'tool_use',
        id: block.id ?? nextId(ID_PREFIXES[call.api].toolCall),
        name: block.name,
        input: block.input,
        pieces: splitEvery(JSON.stringify(block.input), JSON_PIECE_LENGTH),
      };
  }
}

/** Word-sized deltas by default (like a real model), or `chunks` nearly equal ones. */
function splitText(content: string, chunks?: number): string[] {
  if (content === '') return [];
  if (chunks === undefined) return content.split(/(?<=\s)(?=\S)/);
  return splitEvery(content, Math.ceil(Array.from(content).length / Math.max(1, chunks)));
}

function splitEvery(content: string, size: number): string[] {
  const characters = Array.from(content);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    pieces.push(characters.slice(start, start + size).join(''));
  }
  return pieces;
}
