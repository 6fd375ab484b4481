export type { FileContent, FileStat, FileStorage, PutFileOptions, StoredFile } from './file-storage.ts';
export { createFileStorage, type FileStorageBackend } from './file-storage-backend.ts';
export type { GcsFileStorageOptions } from './gcs-file-storage.ts';
export { createLocalFileStorage, type LocalFileStorageOptions } from './local-file-storage.ts';
