import type { TelegramApi } from './api-client.ts';
import { classifyTelegramError } from './telegram-errors.ts';

/**
 * Downloads an inbound file by its `file_id`: `getFile`, then `<apiRoot>/file/bot<token>/<path>`,
 * refusing (before and while reading) anything over `maxBytes`. Errors never carry the URL.
 */
export async function downloadFile(
  client: TelegramApi,
  options: { token: string; apiRoot: string },
  fileId: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const tooBig = () =>
    new Error(`The file is larger than ${Math.floor(maxBytes / 1024)} KB, the most accepted here.`);
  let path: string | undefined;
  try {
    const file = await client.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes) throw tooBig();
    path = file.file_path;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('The file is larger')) throw error;
    const failure = classifyTelegramError(error, options.token);
    if (/file is too big/i.test(failure.description)) throw tooBig();
    throw new Error(`Telegram could not give the file (${failure.description}).`);
  }
  if (!path) throw new Error('Telegram gave no download path for the file.');
  const url = `${options.apiRoot.replace(/\/+$/, '')}/file/bot${options.token}/${path.split('/').map(encodeURIComponent).join('/')}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  } catch {
    throw new Error('Telegram could not be reached to download the file.');
  }
  if (!response.ok || !response.body)
    throw new Error(`Telegram answered ${response.status} to the file download.`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body.cancel();
    throw tooBig();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
