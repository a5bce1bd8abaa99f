// A request body as UTF-8 bytes, encoded one `input` item at a time. JSON.stringify of a long
// session's body builds one string of the whole history first (a two-byte string as soon as one
// character is outside Latin-1: 13 MB for a 6.6 MB body), which the HTTP client then encodes again;
// item by item, only the bytes and one item's text are ever alive together.

/** The same bytes as `Buffer.from(JSON.stringify(body))`. */
export function encodeJsonBody(body: Record<string, unknown>): Buffer {
  return Buffer.concat(jsonBodyParts(body));
}

/** encodeJsonBody's bytes in parts, to be streamed as they are (fetch would copy one Buffer whole first). */
export function jsonBodyParts(body: Record<string, unknown>): Buffer[] {
  const pieces: Buffer[] = [];
  let first = true;
  pieces.push(Buffer.from('{'));
  for (const [key, value] of Object.entries(body)) {
    // JSON.stringify leaves out what it cannot represent in an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const head = `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (key === 'input' && Array.isArray(value) && !hasToJSON(value)) {
      pieces.push(Buffer.from(`${head}[`));
      value.forEach((item, i) => {
        // In an array, what JSON.stringify cannot represent becomes null.
        const text = JSON.stringify(item) ?? 'null';
        pieces.push(Buffer.from(i ? `,${text}` : text));
      });
      pieces.push(Buffer.from(']'));
    } else pieces.push(Buffer.from(head + JSON.stringify(value)));
  }
  pieces.push(Buffer.from('}'));
  return pieces;
}

const hasToJSON = (v: object) => typeof (v as { toJSON?: unknown }).toJSON === 'function';
