// A running command's output as its clients watch it arrive (an app-server's
// item/commandExecution/outputDelta), with the limits upstream's stream has: it opens once the
// command is shown as started, so what it printed in its first moments reaches clients only with
// the finished item; a piece is at most 8 KiB of UTF-8, cut between characters; a command sends at
// most 10,000 pieces (the rest is still in its aggregated output).

/** Bytes of UTF-8 in one piece at most. */
export const OUTPUT_DELTA_MAX_BYTES = 8192;
/** Pieces one command sends at most. */
export const MAX_OUTPUT_DELTAS = 10_000;

/** Splits text into pieces of at most `maxBytes` bytes of UTF-8, never inside a character. */
export function utf8Pieces(text: string, maxBytes = OUTPUT_DELTA_MAX_BYTES): string[] {
  const pieces: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    i += units;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

export interface OutputStream {
  /** The command is shown as started: output from now on is sent. */
  open(): void;
  /** Output as the process printed it. */
  push(text: string): void;
}

export function outputStream(send: (piece: string) => void, limits = { maxBytes: OUTPUT_DELTA_MAX_BYTES, maxPieces: MAX_OUTPUT_DELTAS }): OutputStream {
  let open = false;
  let sent = 0;
  return {
    open: () => void (open = true),
    push(text) {
      if (!open || !text) return;
      for (const piece of utf8Pieces(text, limits.maxBytes)) {
        if (sent >= limits.maxPieces) return;
        sent++;
        send(piece);
      }
    },
  };
}
