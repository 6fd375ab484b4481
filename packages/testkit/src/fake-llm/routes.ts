/** Which endpoint a request is for. */
export type Endpoint =
  | 'messages'
  | 'count_tokens'
  | 'chat_completions'
  | 'responses'
  | 'generate_content'
  | 'models'
  | 'model'
  | 'unknown';

/** A resolved route: the endpoint and, for `model` and `generate_content`, the model id from the path. */
export interface Route {
  endpoint: Endpoint;
  modelId?: string;
  /** `generate_content` only: `:streamGenerateContent` (true) or `:generateContent` (false). */
  stream?: boolean;
}

/**
 * Matches on the end of the path so any prefix works: clients join base URLs with or
 * without `/v1` (`/chat/completions`, `/v1/v1/messages`, `/proxy/v1/messages`), and the
 * query (Claude Code sends `?beta=true`, Gemini `?alt=sse`) is ignored.
 */
export function matchRoute(method: string, pathname: string): Route {
  const path = pathname.replace(/\/+$/, '');
  if (method === 'POST') {
    if (path.endsWith('/messages/count_tokens')) return { endpoint: 'count_tokens' };
    if (path.endsWith('/messages')) return { endpoint: 'messages' };
    if (path.endsWith('/chat/completions')) return { endpoint: 'chat_completions' };
    if (path.endsWith('/responses')) return { endpoint: 'responses' };
    const gemini = /\/models\/([^/]+):(generateContent|streamGenerateContent)$/.exec(path);
    if (gemini?.[1]) {
      return {
        endpoint: 'generate_content',
        modelId: decodeURIComponent(gemini[1]),
        stream: gemini[2] === 'streamGenerateContent',
      };
    }
  }
  if (method === 'GET') {
    if (path.endsWith('/models')) return { endpoint: 'models' };
    const model = /\/models\/([^/]+)$/.exec(path);
    if (model?.[1]) return { endpoint: 'model', modelId: decodeURIComponent(model[1]) };
  }
  return { endpoint: 'unknown' };
}
