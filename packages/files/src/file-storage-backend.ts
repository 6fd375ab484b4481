import type { FileStorage } from './file-storage.ts';
import { createGcsFileStorage } from './gcs-file-storage.ts';
import { createLocalFileStorage } from './local-file-storage.ts';

/**
 * Where a service keeps files (`LIFEOSAI_FILES_BACKEND`): a local folder (`LIFEOSAI_FILES_DIR`,
 * e.g. an NFS mount in the cloud) or a Cloud Storage bucket (`LIFEOSAI_FILES_BUCKET`, with
 * `LIFEOSAI_GCS_API_ENDPOINT` for a fake or emulator).
 */
export type FileStorageBackend =
  | { kind: 'local'; root: string }
  | { kind: 'gcs'; bucket: string; apiEndpoint?: string };

export function createFileStorage(backend: FileStorageBackend): FileStorage {
  return backend.kind === 'gcs'
    ? createGcsFileStorage({
        bucket: backend.bucket,
        ...(backend.apiEndpoint && { apiEndpoint: backend.apiEndpoint }),
      })
    : createLocalFileStorage({ root: backend.root });
}
