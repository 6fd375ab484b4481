import type { FileStorage } from './file-storage.ts';
import { createLocalFileStorage } from './local-file-storage.ts';

/**
 * Where a service keeps files (`LIFEOSAI_FILES_BACKEND`): a local folder (`LIFEOSAI_FILES_DIR`,
 * e.g. an NFS mount in the cloud) or a Cloud Storage bucket (`LIFEOSAI_FILES_BUCKET`, with
 * `LIFEOSAI_GCS_API_ENDPOINT` for a fake or emulator).
 */
export type FileStorageBackend =
  | { kind: 'local'; root: string }
  | { kind: 'gcs'; bucket: string; apiEndpoint?: string };

/**
 * The storage of a backend. The Cloud Storage SDK (~170 ms and ~25 MB to load) is loaded only
 * for the `gcs` backend: local mode never pays for it (ADR 0026).
 */
export async function createFileStorage(backend: FileStorageBackend): Promise<FileStorage> {
  if (backend.kind === 'local') return createLocalFileStorage({ root: backend.root });
  const { createGcsFileStorage } = await import('./gcs-file-storage.ts');
  return createGcsFileStorage({
    bucket: backend.bucket,
    ...(backend.apiEndpoint && { apiEndpoint: backend.apiEndpoint }),
  });
}
