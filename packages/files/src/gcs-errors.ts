import { PlatformError } from '@lifeosai/errors';

/** The HTTP status of an SDK error (`ApiError.code`, a Gaxios error's response), if it has one. */
export function statusOf(error: unknown): number | undefined {
  const candidate = error as { code?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const value of [candidate?.code, candidate?.status, candidate?.response?.status]) {
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  return undefined;
}

/**
 * What a failed Cloud Storage call becomes: a catalogue error that says what to do, naming only
 * the bucket. The SDK's own error is not kept as the cause: its request options can carry an
 * access token, and an error's cause is what logs print.
 */
export function gcsError(error: unknown, bucket: string): PlatformError {
  const status = statusOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (status === 401 || status === 403 || /default credentials|could not refresh access token/i.test(text)) {
    return new PlatformError(
      'FILE_STORAGE_DENIED',
      `File storage refused the platform's credentials for bucket "${bucket}"${status ? ` (HTTP ${status})` : ''}; ` +
        'ask the operator to give its service account roles/storage.objectAdmin on the bucket ' +
        '(and Application Default Credentials outside Google Cloud).',
    );
  }
  if (status === 404) {
    return new PlatformError(
      'FILE_STORAGE_UNAVAILABLE',
      `File storage has no bucket "${bucket}"; ask the operator to create it or fix LIFEOSAI_FILES_BUCKET.`,
    );
  }
  const network = (error as { code?: unknown } | null)?.code;
  const reason = status ? `HTTP ${status}` : typeof network === 'string' ? network : 'no answer';
  return new PlatformError(
    'FILE_STORAGE_UNAVAILABLE',
    `File storage (bucket "${bucket}") did not answer (${reason}); retry shortly. ` +
      'Operators: check the network and LIFEOSAI_GCS_API_ENDPOINT.',
  );
}
