// Parser for the Codex patch envelope (`*** Begin Patch` … `*** End Patch`).
//
// The result is a plain list of file operations. Nothing here touches the disk;
// locating hunks in files is `update.ts`'s job.

/** One line of a hunk: ' ' context, '-' removed, '+' added. */
export interface HunkLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

export interface UpdateHunk {
  /** Text after `@@ `, if any: the hunk is searched for after the line matching it. */
  readonly header?: string;
  /** The hunk's lines in order. */
  readonly lines: readonly HunkLine[];
  /** Context and removed lines, in order: what must be found in the file. */
  readonly oldLines: readonly string[];
  /** Context and added lines, in order: what replaces `oldLines`. */
  readonly newLines: readonly string[];
  /** `*** End of File` closed the hunk: it is anchored at the end of the file. */
  readonly isEndOfFile: boolean;
  /** 1-based line in the patch text where the hunk starts (for error messages). */
  readonly line: number;
}

export type PatchOperation =
  | { readonly kind: 'add'; readonly path: string; readonly content: string }
  | { readonly kind: 'delete'; readonly path: string }
  | {
      readonly kind: 'update';
      readonly path: string;
      readonly moveTo?: string;
      readonly hunks: readonly UpdateHunk[];
    };

export type Patch = readonly PatchOperation[];

export class PatchParseError extends Error {
  /** 1-based line number in the patch text, when the error is about one line. */
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(message);
    this.name = 'PatchParseError';
    if (line !== undefined) this.line = line;
  }
}

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const ADD = '*** Add File: ';
const DELETE = '*** Delete File: ';
const UPDATE = '*** Update File: ';
const MOVE = '*** Move to: ';
const END_OF_FILE = '*** End of File';

interface NumberedLine {
  readonly text: string;
  /** 1-based line number in the original input. */
  readonly number: number;
}

export function parsePatch(text: string): Patch {
  const body = envelopeBody(text);
  const operations: PatchOperation[] = [];
  let i = 0;
  while (i < body.length) {
    const current = body[i]!;
    if (current.text.trim() === '') {
      i += 1;
      continue;
    }
    const header = current.text.trim();
    if (header.startsWith(ADD)) {
      i = parseAdd(body, i, header.slice(ADD.length).trim(), operations);
    } else if (header.startsWith(DELETE)) {
      operations.push({ kind: 'delete', path: requirePath(header.slice(DELETE.length), current) });
      i += 1;
    } else if (header.startsWith(UPDATE)) {
      i = parseUpdate(body, i, header.slice(UPDATE.length).trim(), operations);
    } else {
      throw invalidHunk(
        current,
        `'${current.text}' is not a valid hunk header. ` +
          `Valid hunk headers: '${ADD}{path}', '${DELETE}{path}', '${UPDATE}{path}'`,
      );
    }
  }
  return operations;
}

/** The lines strictly between `*** Begin Patch` and `*** End Patch`, numbered as in `text`. */
function envelopeBody(text: string): NumberedLine[] {
  const all = text.split('\n').map((raw, index) => ({
    text: raw.endsWith('\r') ? raw.slice(0, -1) : raw,
    number: index + 1,
  }));
  let first = 0;
  let last = all.length - 1;
  while (first <= last && all[first]!.text.trim() === '') first += 1;
  while (last >= first && all[last]!.text.trim() === '') last -= 1;
  if (first > last) throw new PatchParseError(`invalid patch: the patch is empty`);

  // Lenient: a shell heredoc around the patch (`<<'EOF'` … `EOF`), as models
  // sometimes send when they are used to calling apply_patch from a shell.
  const heredoc = /^(?:apply_patch\s+)?<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1\s*$/.exec(
    all[first]!.text.trim(),
  );
  if (heredoc && last > first && all[last]!.text.trim() === heredoc[2]) {
    first += 1;
    last -= 1;
    while (first <= last && all[first]!.text.trim() === '') first += 1;
    while (last >= first && all[last]!.text.trim() === '') last -= 1;
  }

  if (first > last || all[first]!.text.trim() !== BEGIN) {
    const line = all[first];
    throw new PatchParseError(
      `invalid patch: the first line of the patch must be '${BEGIN}'` +
        (line ? ` (line ${line.number} is '${line.text}')` : ''),
      line?.number,
    );
  }
  if (last === first || all[last]!.text.trim() !== END) {
    const line = all[last]!;
    throw new PatchParseError(
      `invalid patch: the last line of the patch must be '${END}' (line ${line.number} is '${line.text}')`,
      line.number,
    );
  }
  return all.slice(first + 1, last);
}

function parseAdd(
  body: NumberedLine[],
  start: number,
  rawPath: string,
  out: PatchOperation[],
): number {
  const path = requirePath(rawPath, body[start]!);
  const content: string[] = [];
  let i = start + 1;
  while (i < body.length && body[i]!.text.startsWith('+')) {
    content.push(body[i]!.text.slice(1));
    i += 1;
  }
  out.push({ kind: 'add', path, content: content.map((line) => `${line}\n`).join('') });
  return i;
}

function parseUpdate(
  body: NumberedLine[],
  start: number,
  rawPath: string,
  out: PatchOperation[],
): number {
  const headerLine = body[start]!;
  const path = requirePath(rawPath, headerLine);
  let i = start + 1;

  let moveTo: string | undefined;
  const maybeMove = body[i];
  if (maybeMove && maybeMove.text.trim().startsWith(MOVE)) {
    moveTo = requirePath(maybeMove.text.trim().slice(MOVE.length), maybeMove);
    i += 1;
  }

  const hunks: UpdateHunk[] = [];
  while (i < body.length) {
    const line = body[i]!;
    if (line.text.trim() === '') {
      i += 1; // blank lines between hunks are ignored
      continue;
    }
    if (line.text.startsWith('***') && line.text.trim() !== END_OF_FILE) break;
    const parsed = parseHunk(body, i, hunks.length === 0);
    hunks.push(parsed.hunk);
    i = parsed.next;
  }

  if (hunks.length === 0 && moveTo === undefined) {
    throw invalidHunk(headerLine, `Update file hunk for path '${path}' is empty`);
  }
  out.push(moveTo === undefined ? { kind: 'update', path, hunks } : { kind: 'update', path, moveTo, hunks });
  return i;
}

function parseHunk(
  body: NumberedLine[],
  start: number,
  isFirst: boolean,
): { hunk: UpdateHunk; next: number } {
  const first = body[start]!;
  let header: string | undefined;
  let i = start;
  const marker = first.text.trim();
  if (marker === '@@') {
    i += 1;
  } else if (marker.startsWith('@@ ')) {
    header = marker.slice(3).trim() || undefined;
    i += 1;
  } else if (!isFirst) {
    // Only the first hunk of a file may leave out its `@@` line.
    throw invalidHunk(first, `expected update hunk to start with a @@ context marker, got: '${first.text}'`);
  }

  const lines: HunkLine[] = [];
  let isEndOfFile = false;
  for (; i < body.length; i += 1) {
    const line = body[i]!;
    const { text } = line;
    if (text.trim() === END_OF_FILE) {
      if (lines.length === 0) throw invalidHunk(first, `update hunk does not contain any lines`);
      isEndOfFile = true;
      i += 1;
      break;
    }
    const op = text[0];
    if (text === '') {
      lines.push({ op: ' ', text: '' }); // an empty line is an empty context line
    } else if (op === ' ' || op === '-' || op === '+') {
      lines.push({ op, text: text.slice(1) });
    } else if (lines.length === 0) {
      throw invalidHunk(
        line,
        `Unexpected line found in update hunk: '${text}'. Every line should start with ' ' (context line), ` +
          `'+' (added line), or '-' (removed line)`,
      );
    } else {
      break; // the next hunk or file header
    }
  }
  if (lines.length === 0) {
    throw invalidHunk(first, `update hunk does not contain any lines`);
  }
  const oldLines = lines.filter((l) => l.op !== '+').map((l) => l.text);
  const newLines = lines.filter((l) => l.op !== '-').map((l) => l.text);
  const hunk: UpdateHunk =
    header === undefined
      ? { lines, oldLines, newLines, isEndOfFile, line: first.number }
      : { header, lines, oldLines, newLines, isEndOfFile, line: first.number };
  return { hunk, next: i };
}

function requirePath(raw: string, line: NumberedLine): string {
  const path = raw.trim();
  if (path === '') throw invalidHunk(line, `'${line.text}' does not name a file`);
  return path;
}

function invalidHunk(line: NumberedLine, why: string): PatchParseError {
  return new PatchParseError(`invalid hunk at line ${line.number}, ${why}`, line.number);
}
