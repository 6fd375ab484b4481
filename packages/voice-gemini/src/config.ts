import {
  Behavior,
  type FunctionDeclaration,
  FunctionResponseScheduling,
  type LiveConnectConfig,
  Modality,
} from '@google/genai';
import type { VoiceSessionOptions, VoiceTool, VoiceToolResult } from '@lifeosai/voice-spec';

/**
 * Context window compression: a sliding window lets a call outlive the native-audio models'
 * context (about 15 minutes of audio without it); Google's own default trigger is used.
 */
const COMPRESSION = { slidingWindow: {} };

/**
 * The live session's setup: audio out, the instructions, the tools, both transcriptions, session
 * resumption (with the latest handle when reconnecting), compression, and the voice and language.
 */
export function liveConfig(options: VoiceSessionOptions, handle: string | undefined): LiveConnectConfig {
  const speechConfig = {
    ...(options.voice ? { voiceConfig: { prebuiltVoiceConfig: { voiceName: options.voice } } } : {}),
    ...(options.language ? { languageCode: options.language } : {}),
  };
  return {
    responseModalities: [Modality.AUDIO],
    systemInstruction: options.instructions,
    ...(options.tools.length ? { tools: [{ functionDeclarations: options.tools.map(declaration) }] } : {}),
    inputAudioTranscription: {},
    outputAudioTranscription: {},
    sessionResumption: handle ? { handle } : {},
    contextWindowCompression: COMPRESSION,
    ...(Object.keys(speechConfig).length ? { speechConfig } : {}),
  };
}

function declaration(tool: VoiceTool): FunctionDeclaration {
  return {
    name: tool.name,
    description: tool.description,
    parametersJsonSchema: tool.parameters,
    ...(tool.nonBlocking ? { behavior: Behavior.NON_BLOCKING } : {}),
  };
}

const SCHEDULING = {
  interrupt: FunctionResponseScheduling.INTERRUPT,
  when_idle: FunctionResponseScheduling.WHEN_IDLE,
  silent: FunctionResponseScheduling.SILENT,
} as const;

/** A tool result as a `FunctionResponse`, with its scheduling for non-blocking tools. */
export function functionResponse(result: VoiceToolResult) {
  return {
    id: result.id,
    name: result.name,
    response: result.result,
    ...(result.scheduling ? { scheduling: SCHEDULING[result.scheduling] } : {}),
  };
}
