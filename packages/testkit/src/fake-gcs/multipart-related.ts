/**
 * Splits a `multipart/related` upload body (JSON metadata, then the media) as the JSON API's
 * `uploadType=multipart` sends it. Returns undefined when the body is not two such parts.
 */
export function parseMultipartRelated(
  body: Buffer,
  contentType: string,
): { metadata: Record<string, unknown>; media: Buffer } | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    parts.push(body.subarray(start + delimiter.length, next));
    start = next;
  }
  if (parts.length !== 2) return undefined;
  const [metadataPart, mediaPart] = parts.map((part) => {
    const headerEnd = part.indexOf('\r\n\r\n');
    // The part ends with the CRLF that precedes the next delimiter.
    return headerEnd === -1 ? undefined : part.subarray(headerEnd + 4, part.length - 2);
  });
  if (!metadataPart || !mediaPart) return undefined;
  try {
    return {
      metadata: JSON.parse(metadataPart.toString('utf8')) as Record<string, unknown>,
      media: mediaPart,
    };
  } catch {
    return undefined;
  }
}
