import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { anthropicEncoder, sendAnthropicError } from './anthropic.ts';
import { geminiEncoder, sendGeminiError } from './gemini.ts';
import { geminiBody, geminiCall } from './gemini-call.ts';
import {
  type ApiKind,
  anthropicCall,
  anthropicCountTokensBody,
  anthropicMessagesBody,
  describeIssue,
  estimateTokens,
  type ModelCall,
  openAiCall,
  openAiChatBody,
  promptText,
} from './model-call.ts';
import {
  anthropicModel,
  anthropicModelList,
  geminiModel,
  geminiModelList,
  openAiModel,
  openAiModelList,
} from './models.ts';
import { openAiEncoder, sendOpenAiError } from './openai.ts';
import { type PlannedReply, planReply } from './reply-plan.ts';
import { responsesEncoder } from './responses.ts';
import { declaredTools, type ResponsesBody, responsesBody, responsesCall } from './responses-call.ts';
import { type Endpoint, matchRoute } from './routes.ts';
import type { ErrorStatus, Scenario } from './scenario.ts';
import type { Script } from './script.ts';
import { type ErrorSender, sendJsonReply, streamReply, type WireEncoder } from './send-reply.ts';

/** One HTTP request the fake received, recorded before it was answered. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, as sent (prefix included). */
  path: string;
  /** Query parameters, e.g. `{beta: 'true'}` from Claude Code. */
  query: Record<string, string>;
  /** Lower-cased header names, values as received (auth headers included). */
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; the raw text if it was not JSON; `undefined` if empty. */
  body: unknown;
  /** API the request was read as; `unknown` for unknown paths without an API's own header. */
  api: ApiKind | 'unknown';
  endpoint: Endpoint;
  /** `Date.now()` when the body had been read. */
  timestamp: number;
  /** The scenario that answered, for model requests that passed validation. */
  scenario?: Scenario;
}

/**
 * Writes the answer to one request. Contract: may pause (streams, stalls) and must stop
 * writing once `signal` aborts; never throws for client disconnects.
 */
export type Answer = (res: ServerResponse, signal: AbortSignal) => void | Promise<void>;

/** Decides the answer for a recorded request (consuming a scenario for model requests). */
export function answerFor(
  record: RecordedRequest,
  script: Script,
  nextId: (prefix: string) => string,
): Answer {
  const requestId = nextId('req_fake_');
  const anthropicError = (status: ErrorStatus | 404, message: string): Answer => {
    return (res) => sendAnthropicError(res, status, message, requestId);
  };
  const openAiError = (status: ErrorStatus | 404, message: string): Answer => {
    return (res) => sendOpenAiError(res, status, message, requestId);
  };
  const geminiError = (status: ErrorStatus | 404, message: string): Answer => {
    return (res) => sendGeminiError(res, status, message);
  };
  const route = matchRoute(record.method, record.path);
  switch (route.endpoint) {
    case 'messages': {
      const body = parseBody(anthropicMessagesBody, record.body);
      if (!body.ok) return anthropicError(400, body.message);
      return answerModelCall(anthropicCall(body.value), record, script, nextId, requestId);
    }
    case 'chat_completions': {
      const body = parseBody(openAiChatBody, record.body);
      if (!body.ok) return openAiError(400, body.message);
      return answerModelCall(openAiCall(body.value), record, script, nextId, requestId);
    }
    case 'responses': {
      const body = parseBody(responsesBody, record.body);
      if (!body.ok) return openAiError(400, body.message);
      return answerModelCall(responsesCall(body.value), record, script, nextId, requestId);
    }
    case 'generate_content': {
      const body = parseBody(geminiBody, record.body);
      if (!body.ok) return geminiError(400, body.message);
      const call = geminiCall(body.value, route.modelId ?? '', route.stream === true);
      return answerModelCall(call, record, script, nextId, requestId);
    }
    case 'count_tokens': {
      const body = parseBody(anthropicCountTokensBody, record.body);
      if (!body.ok) return anthropicError(400, body.message);
      return json({ input_tokens: estimateTokens(promptText(body.value)) }, { 'request-id': requestId });
    }
    case 'models':
      if (record.api === 'anthropic') return json(anthropicModelList());
      return record.api === 'google' ? json(geminiModelList()) : json(openAiModelList());
    case 'model': {
      const id = (route.modelId ?? '').replace(/^models\//, '');
      if (record.api === 'anthropic') return json(anthropicModel(id));
      return record.api === 'google' ? json(geminiModel(id)) : json(openAiModel(id));
    }
    case 'unknown': {
      const message = `The fake LLM does not serve ${record.method} ${record.path}.`;
      if (record.api === 'google') return geminiError(404, message);
      return record.api === 'openai' ? openAiError(404, message) : anthropicError(404, message);
    }
  }
}

/**
 * Reads the API of a request from its path, or for shared paths (`/v1/models`) from the
 * header each client sends: `anthropic-version` (Anthropic), `x-goog-api-key` or the
 * `key` query (Gemini); else OpenAI.
 */
export function apiOf(
  endpoint: Endpoint,
  headers: IncomingHttpHeaders,
  query: Record<string, string> = {},
): ApiKind | 'unknown' {
  if (endpoint === 'messages' || endpoint === 'count_tokens') return 'anthropic';
  if (endpoint === 'chat_completions') return 'openai';
  if (endpoint === 'responses') return 'openai-responses';
  if (endpoint === 'generate_content') return 'google';
  if (headers['anthropic-version'] !== undefined) return 'anthropic';
  if (headers['x-goog-api-key'] !== undefined || query.key !== undefined) return 'google';
  return endpoint === 'unknown' ? 'unknown' : 'openai';
}

function answerModelCall(
  call: ModelCall,
  record: RecordedRequest,
  script: Script,
  nextId: (prefix: string) => string,
  requestId: string,
): Answer {
  const scenario = script.next(call);
  record.scenario = scenario;
  const sendError = errorSender(call.api, requestId);
  if (scenario.kind === 'error') {
    return (res) => sendError(res, scenario.status, scenario.message, scenario.retryAfterSeconds);
  }
  const plan = planReply(scenario, call, nextId);
  const encoder = encoderFor(call, plan, requestId, record.query.alt === 'sse');
  return (res, signal) =>
    call.stream
      ? streamReply(res, plan, encoder, signal)
      : sendJsonReply(res, plan, encoder, signal, sendError);
}

function errorSender(api: ApiKind, requestId: string): ErrorSender {
  switch (api) {
    case 'anthropic':
      return (res, status, message, retryAfter) =>
        sendAnthropicError(res, status, message, requestId, retryAfter);
    case 'google':
      return (res, status, message, retryAfter) => sendGeminiError(res, status, message, retryAfter);
    default:
      return (res, status, message, retryAfter) =>
        sendOpenAiError(res, status, message, requestId, retryAfter);
  }
}

/** The wire encoder of the call's API; `sse` is Gemini's `alt=sse` (else its JSON-array stream). */
function encoderFor(call: ModelCall, plan: PlannedReply, requestId: string, sse: boolean): WireEncoder {
  switch (call.api) {
    case 'anthropic':
      return anthropicEncoder(plan, requestId);
    case 'openai':
      return openAiEncoder(plan, requestId, call.includeUsage);
    case 'openai-responses':
      return responsesEncoder(plan, requestId, declaredTools(call.body as ResponsesBody));
    case 'google':
      return geminiEncoder(plan, sse);
  }
}

function json(body: object, headers: Record<string, string> = {}): Answer {
  return (res) => {
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseBody<Schema extends z.ZodType>(schema: Schema, body: unknown): Parsed<z.infer<Schema>> {
  if (typeof body !== 'object' || body === null)
    return { ok: false, message: 'The request body must be a JSON object.' };
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: describeIssue(parsed.error) };
}
