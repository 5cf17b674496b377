/** A decoded body larger than this fails the task rather than filling memory. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type BodyRead = { ok: true; text: string } | { ok: false; tooLarge: true };

/** Reads a response body up to `limit` decoded bytes; past that the stream is cancelled. */
export async function readBody(response: Response, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  if (!response.body) return { ok: true, text: "" };
  // Without Content-Encoding, Content-Length is the decoded size: over the limit, skip the download.
  if (!response.headers.has("content-encoding") && Number(response.headers.get("content-length")) > limit) {
    await response.body.cancel().catch(() => {});
    return { ok: false, tooLarge: true };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, tooLarge: true };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
