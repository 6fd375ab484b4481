import { z } from 'zod';
import { estimateTokens, joinTexts, type ModelCall, promptText } from './model-call.ts';

const part = z.looseObject({});

/** `POST /v1beta/models/{model}:generateContent` (and `:streamGenerateContent`) body. */
export const geminiBody = z.looseObject({
  contents: z.array(z.looseObject({ role: z.string().optional(), parts: z.array(part) })),
  systemInstruction: z.unknown().optional(),
  tools: z
    .array(z.looseObject({ functionDeclarations: z.array(z.looseObject({ name: z.string() })).optional() }))
    .optional(),
});

type GeminiBody = z.infer<typeof geminiBody>;

/** Reads a Gemini body (already validated) as a ModelCall; the model comes from the path. */
export function geminiCall(body: GeminiBody, model: string, stream: boolean): ModelCall {
  const texts = (parts: Array<Record<string, unknown>>) =>
    parts.flatMap((entry) => (typeof entry.text === 'string' && entry.thought !== true ? [entry.text] : []));
  const userTexts = body.contents
    .filter((content) => (content.role ?? 'user') === 'user')
    .map((content) => texts(content.parts))
    .filter((found) => found.length > 0);
  const last = body.contents.at(-1);
  return {
    api: 'google',
    model,
    stream,
    includeUsage: true,
    lastUserText: userTexts.at(-1)?.at(-1) ?? '',
    lastMessageIsToolResult: last?.parts.some((entry) => 'functionResponse' in entry) ?? false,
    lastToolResultText: joinTexts(
      (last?.parts ?? []).flatMap((entry) => {
        const response = (entry.functionResponse as { response?: unknown } | undefined)?.response;
        return response === undefined ? [] : [response];
      }),
    ),
    toolNames: (body.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((fn) => fn.name)),
    inputTokens: estimateTokens(
      promptText({ system: body.systemInstruction, messages: body.contents, tools: body.tools }),
    ),
    body,
  };
}
