/** A Bot API answer: `{ok: true, result}` or Telegram's error shape with its status. */
export interface ApiAnswer {
  status: number;
  body:
    | { ok: true; result: unknown }
    | { ok: false; error_code: number; description: string; parameters?: object };
}

export function ok(result: unknown): ApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

export function failure(status: number, description: string, parameters?: object): ApiAnswer {
  return {
    status,
    body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
  };
}

/** Telegram's own wordings, so a driver's matching on them is tested against the real text. */
export const DESCRIPTIONS = {
  unauthorized: 'Unauthorized',
  notFound: 'Not Found',
  chatNotFound: 'Bad Request: chat not found',
  blocked: 'Forbidden: bot was blocked by the user',
  tooLong: 'Bad Request: message is too long',
  empty: 'Bad Request: message text is empty',
  notModified:
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  editNotFound: 'Bad Request: message to edit not found',
  pollConflict:
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  webhookConflict:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  fileTooBig: 'Bad Request: file is too big',
  invalidFileId: 'Bad Request: invalid file_id',
  queryTooOld: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  serverError: 'Internal Server Error',
} as const;
