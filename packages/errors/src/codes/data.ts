import { defineErrorCodes } from '../define-error-codes.ts';

/** Secrets and files an organization stores. */
export const dataErrorCodes = defineErrorCodes({
  SECRET_NOT_FOUND: { status: 404, message: 'No secret by that name in this organization; create it first.' },
  SECRET_EXISTS: { status: 409, message: 'A secret by that name exists; choose another name or replace it.' },
  SECRET_REF_INVALID: {
    status: 400,
    message: 'The secret reference is not valid; write secret:<name> or env:<VARIABLE>.',
  },
  SECRET_REF_REFUSED: {
    status: 401,
    message: 'That secret reference is not allowed here; use a secret of this organization.',
  },
  SECRET_IN_USE: {
    status: 409,
    message: "The secret is a provider's API key; change or remove it in Settings → Model providers.",
  },
  SECRET_VALUE_EMPTY: { status: 400, message: 'A secret cannot be empty; send its value.' },
  FILE_NOT_FOUND: { status: 404, message: 'No file by that name; check the path.' },
  FILE_EXISTS: { status: 409, message: 'A file by that name exists; choose another name or replace it.' },
  FILE_NAME_CONFLICT: {
    status: 409,
    message: 'The name is taken by a folder or a file; choose another name.',
  },
  FILE_NAME_INVALID: {
    status: 400,
    message: 'The file name is not valid; use a relative path without .. or control characters.',
  },
  FILE_MISSING: { status: 400, message: 'The upload holds no file; send one in the multipart body.' },
  FILE_TOO_LARGE: { status: 413, message: 'The file is larger than the limit; send a smaller one.' },
  FILE_STORAGE_UNAVAILABLE: {
    status: 503,
    message: 'File storage did not answer; retry shortly (operators: check the bucket and its endpoint).',
  },
  FILE_STORAGE_DENIED: {
    status: 503,
    message:
      "File storage refused the platform's credentials; ask the operator to grant its service account access to the bucket.",
  },
  ATTACHMENTS_FOLDER_INVALID: {
    status: 409,
    message:
      "The agent's workspace has an `attachments` entry that is not a folder of its own (a link elsewhere); remove it, then attach again.",
  },
  QUOTA_EXCEEDED: { status: 413, message: 'The organization’s storage is full; delete files to make room.' },
  MULTIPART_REQUIRED: {
    status: 415,
    message: 'Uploads are multipart/form-data; send the file as a form field.',
  },
  MULTIPART_INVALID: { status: 400, message: 'The multipart body could not be read; send it again.' },
});
