/** Models listed by `GET /v1/models`; requests may name any model. */
export const FAKE_MODELS = ['claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-opus-4-7'] as const;

// A fixed creation time keeps answers reproducible.
const CREATED_AT = '2025-01-01T00:00:00Z';

/** Unix seconds used for every `created` field. */
export const CREATED_UNIX = Date.parse(CREATED_AT) / 1000;

/** One model in the Anthropic shape (`GET /v1/models/{id}`). */
export function anthropicModel(id: string): object {
  return { type: 'model', id, display_name: id, created_at: CREATED_AT };
}

/** The Anthropic list shape, with cursor fields. */
export function anthropicModelList(): object {
  return {
    data: FAKE_MODELS.map(anthropicModel),
    has_more: false,
    first_id: FAKE_MODELS[0],
    last_id: FAKE_MODELS.at(-1),
  };
}

/** One model in the OpenAI shape. */
export function openAiModel(id: string): object {
  return { id, object: 'model', created: CREATED_UNIX, owned_by: 'fake-llm' };
}

/** The OpenAI list shape. */
export function openAiModelList(): object {
  return { object: 'list', data: FAKE_MODELS.map(openAiModel) };
}

/** Models listed by Gemini's `GET /v1beta/models`. */
export const FAKE_GEMINI_MODELS = ['gemini-2.5-flash', 'gemini-2.5-pro'] as const;

/** One model in Gemini's shape (`GET /v1beta/models/{id}`). */
export function geminiModel(id: string): object {
  return {
    name: `models/${id}`,
    displayName: id,
    inputTokenLimit: 1_048_576,
    outputTokenLimit: 65_536,
    supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
  };
}

/** Gemini's list shape. */
export function geminiModelList(): object {
  return { models: FAKE_GEMINI_MODELS.map(geminiModel) };
}
