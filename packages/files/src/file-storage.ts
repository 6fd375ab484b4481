import type { Readable } from 'node:stream';

/**
 * Where uploaded and generated files live. Names are relative POSIX paths (`org_1/report.pdf`);
 * every backend refuses names that could escape its root. Contents stream through: no method
 * holds a whole file in memory, so a backend handles files larger than the process's memory.
 */
export interface FileStorage {
  /**
   * Stores `source` under `name`, replacing any file there. The file appears whole or not at all:
   * on `FILE_TOO_LARGE` (413), a source error or any other failure nothing is left behind and an
   * existing file under `name` is untouched.
   *
   * Contract: `source` is read at most once. A name refused before reading (`FILE_NAME_INVALID`,
   * `FILE_NAME_CONFLICT`) leaves `source` unread for the caller to drain or destroy; once reading
   * started, a failure destroys it.
   */
  put(name: string, source: AsyncIterable<Uint8Array>, options: PutFileOptions): Promise<StoredFile>;
  /**
   * Opens `name` for reading; `FILE_NOT_FOUND` (404) when there is no such file.
   *
   * Contract: the caller must consume or destroy `stream`, which holds an open file until then.
   */
  get(name: string): Promise<FileContent>;
  /** Metadata of `name`, or `undefined` when there is no such file. */
  stat(name: string): Promise<FileStat | undefined>;
  /** Removes `name`; resolves `false` when there was no such file. */
  delete(name: string): Promise<boolean>;
  /** Every file whose name starts with `prefix` (a plain string prefix, as in object stores), sorted by name. */
  list(prefix?: string): Promise<FileStat[]>;
}

export interface PutFileOptions {
  /** Largest accepted size in bytes; one byte more aborts the write with `FILE_TOO_LARGE`. */
  maxBytes: number;
}

export interface StoredFile {
  /** The name the file was stored under. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Hex SHA-256 of the contents, computed while streaming. */
  sha256: string;
}

export interface FileContent {
  /** The file's bytes; see `FileStorage.get` for who closes it. */
  stream: Readable;
  /** Size in bytes when opened (e.g. for `Content-Length`). */
  size: number;
}

export interface FileStat {
  /** The file's name. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** When the contents were last written. */
  modifiedAt: Date;
}
