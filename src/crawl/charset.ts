/**
 * Response bytes → text. The charset comes from the Content-Type header, else
 * from a `<meta>` tag in the first bytes, else the bytes are tried as UTF-8
 * and, failing that, read as windows-1250 (the legacy encoding of Polish sites).
 * Node's TextDecoder (full ICU) knows windows-1250 and iso-8859-2.
 */

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

export function charsetFromContentType(contentType: string | undefined | null): string | null {
  const match = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

export function sniffMetaCharset(bytes: Uint8Array): string | null {
  // Only ASCII matters for the tag itself, so latin1 decoding of the head is safe.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096)).toString('latin1');
  const match = META_CHARSET.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

function decoderFor(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** Decode an HTML response; `contentType` is the raw Content-Type header. */
export function decodeHtml(bytes: Uint8Array, contentType?: string | null): string {
  const declared = decoderFor(charsetFromContentType(contentType)) ?? decoderFor(sniffMetaCharset(bytes));
  if (declared) return declared.decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1250').decode(bytes);
  }
}
