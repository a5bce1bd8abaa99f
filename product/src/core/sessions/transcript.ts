// A session's transcript as turns (what was said and done), for `show`, `export` and the TUI.
//
// readTranscriptTail reads a rollout BACKWARDS, in chunks from the end (or from `beforeOffset`),
// and stops as soon as it holds the last N user turns: showing the end of a 400 MB session costs a
// few chunks, not the file. A page's startOffset/startFile are the cursor for the next, older page.
//
// A turn starts at a real user message (context messages the harness injects are not turns) and
// holds everything after it up to the next one: agent messages, reasoning summaries, commands,
// patches and other tool calls, each with its output when the file has it. Text shown comes from
// response_item lines, present in both rollout formats; event_msg duplicates are ignored.
// Rolled-back turns (event_msg thread_rolled_back {num_turns}) are left out, as the TUI shows them.
//
// Forks: since 0.169.0 a fork's file holds only its own lines and a session_meta.history_base
// pointing at its parent's prefix. With `codexHome` given, a page that reaches the top of a fork's
// file before it has N turns continues into the parent, backwards from history_base's
// end_byte_offset (or from the parent's end, skipping ordinals at or past end_ordinal_exclusive),
// and so on up the chain, as loadThreadLines does forwards. Turns from a parent carry that parent's
// `file`; the cursor then points into the parent. Without codexHome (or if the parent's file is
// missing: `missingBase`) the page ends at the top of the fork's own file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import {
  findRolloutByRolloutId,
  hasType,
  isContextualMessage,
  lineHead,
  parseRolloutLine,
  readRolloutEntries,
  readSessionMeta,
  type LineHead,
  type RolloutLine,
  type SessionMeta,
} from '../rollout/index.ts';
import { messageText } from './extract.ts';

export type TurnItemKind = 'agent' | 'reasoning' | 'command' | 'patch' | 'tool';

export interface TurnItem {
  kind: TurnItemKind;
  /** agent/reasoning: the text; command: the command line; patch: the patch; tool: name and arguments */
  text: string;
  /** the call's output, when the file has it */
  output?: string;
  /** the tool's name (command, patch, tool) */
  name?: string;
  callId?: string;
  /** patch: the files it touched, when known without its text (an app-server's fileChange item) */
  files?: string[];
  /** command: how it exited, when known apart from its output (an app-server's commandExecution item) */
  exitCode?: number | null;
}

export interface Turn {
  /** what the person typed; null for items before the first user message */
  user: string | null;
  items: TurnItem[];
  /** the user message's ordinal (paginated files) */
  ordinalStart?: number;
  /** where the turn's user message line starts in `file` */
  byteOffset: number;
  /** the rollout file the turn starts in (a fork's parent, for inherited turns) */
  file: string;
  /** the user message line's timestamp */
  timestamp?: string;
  /** how long the turn ran and when it completed (its task_complete), when the file says */
  worked?: { ms: number; completedAtMs: number };
}

export interface TranscriptPage {
  /** oldest first */
  turns: Turn[];
  /** cursor for the next older page: readTranscriptTail(startFile, n, {beforeOffset: startOffset}) */
  startOffset: number;
  startFile: string;
  /** nothing older exists (the top of the root file was reached) */
  atStart: boolean;
  /** bytes read from disk for this page */
  bytesRead: number;
  /** lines that did not parse (skipped) */
  malformed: number;
  /** a fork's parent whose file was not found */
  missingBase: string | null;
}

export interface TailOptions {
  /** read only lines starting before this byte offset (a previous page's startOffset) */
  beforeOffset?: number;
  /** lets a fork's page continue into its parent */
  codexHome?: string;
  /** default 64 KiB */
  chunkBytes?: number;
}

type Event =
  | { k: 'user'; text: string }
  | { k: 'item'; item: TurnItem }
  | { k: 'output'; callId: string; text: string }
  | { k: 'rollback'; turns: number }
  | { k: 'worked'; worked: NonNullable<Turn['worked']> }
  | { k: 'meta'; meta: SessionMeta };

const SHELL_TOOLS = new Set(['shell', 'exec_command', 'local_shell', 'shell_command', 'container.exec', 'unified_exec']);

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function commandText(args: Record<string, unknown> | null, raw: string): string {
  const cmd = args?.cmd ?? args?.command;
  if (typeof cmd === 'string') return cmd;
  if (Array.isArray(cmd)) {
    const parts = cmd.map(String);
    // ["bash", "-lc", "script"] shows as the script.
    return parts.length === 3 && /(^|\/)(ba|z)?sh$/.test(parts[0]) && parts[1] === '-lc' ? parts[2] : parts.join(' ');
  }
  return raw;
}

function outputText(output: unknown): string {
  if (typeof output === 'string') {
    // Legacy shell output is a JSON string {"output": "...", "metadata": {...}}.
    const v = output.startsWith('{') ? parseJson(output) : null;
    return v && typeof v.output === 'string' ? v.output : output;
  }
  if (Array.isArray(output)) return output.map((c) => (c && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string' ? (c as { text: string }).text : '')).join('\n');
  return output === undefined || output === null ? '' : JSON.stringify(output);
}

function classify(line: RolloutLine): Event | null {
  if (hasType(line, 'session_meta')) return { k: 'meta', meta: line.payload };
  if (hasType(line, 'event_msg')) {
    const ev = line.payload;
    if (hasType(ev, 'task_complete')) {
      // A turn's end: how long it ran and when it ended (the line's own time when it names none).
      const { duration_ms: ms, completed_at: at } = ev as { duration_ms?: unknown; completed_at?: unknown };
      const completedAtMs = typeof at === 'number' ? at * 1000 : Date.parse(line.timestamp ?? '');
      return typeof ms === 'number' && Number.isFinite(completedAtMs) ? { k: 'worked', worked: { ms, completedAtMs } } : null;
    }
    return hasType(ev, 'thread_rolled_back') ? { k: 'rollback', turns: ev.num_turns } : null;
  }
  if (!hasType(line, 'response_item')) return null;
  const item = line.payload;
  if (hasType(item, 'message')) {
    if (item.role === 'user' && !isContextualMessage(item)) return { k: 'user', text: messageText(item) };
    if (item.role === 'assistant') {
      const text = messageText(item);
      return text.trim() ? { k: 'item', item: { kind: 'agent', text } } : null;
    }
    return null;
  }
  if (hasType(item, 'reasoning')) {
    const text = item.summary
      .map((s) => {
        const text = (s as Record<string, unknown>).text;
        return typeof text === 'string' ? text : '';
      })
      .filter(Boolean)
      .join('\n');
    return text ? { k: 'item', item: { kind: 'reasoning', text } } : null;
  }
  if (hasType(item, 'function_call')) {
    const args = parseJson(item.arguments);
    if (SHELL_TOOLS.has(item.name)) return { k: 'item', item: { kind: 'command', text: commandText(args, item.arguments), name: item.name, callId: item.call_id } };
    if (item.name === 'apply_patch') {
      const patch = typeof args?.input === 'string' ? args.input : typeof args?.patch === 'string' ? args.patch : item.arguments;
      return { k: 'item', item: { kind: 'patch', text: patch, name: item.name, callId: item.call_id } };
    }
    return { k: 'item', item: { kind: 'tool', text: `${item.name}(${item.arguments})`, name: item.name, callId: item.call_id } };
  }
  if (hasType(item, 'custom_tool_call')) {
    const kind = item.name === 'apply_patch' ? 'patch' : 'tool';
    return { k: 'item', item: { kind, text: kind === 'patch' ? item.input : `${item.name}(${item.input})`, name: item.name, callId: item.call_id } };
  }
  if (hasType(item, 'function_call_output') || hasType(item, 'custom_tool_call_output')) return { k: 'output', callId: item.call_id, text: outputText(item.output) };
  if (item.type === 'local_shell_call') {
    const p = item as { call_id?: unknown; action?: { command?: unknown } };
    const cmd = Array.isArray(p.action?.command) ? commandText({ command: p.action.command }, '') : '';
    return { k: 'item', item: { kind: 'command', text: cmd, name: 'local_shell', callId: typeof p.call_id === 'string' ? p.call_id : undefined } };
  }
  if (item.type === 'web_search_call') {
    const q = (item as { action?: { query?: unknown } }).action?.query;
    return { k: 'item', item: { kind: 'tool', text: `web_search(${typeof q === 'string' ? q : ''})`, name: 'web_search' } };
  }
  return null;
}

/** The lines classify() reads: session_meta, response items, and a rollback among the events. */
const transcriptWants = (head: LineHead): boolean =>
  head.type === 'session_meta' || head.type === 'response_item' || (head.type === 'event_msg' && (head.payloadType === undefined || head.payloadType === 'thread_rolled_back' || head.payloadType === 'task_complete'));

function parseLine(buf: Buffer): RolloutLine | null {
  const text = buf.toString('utf8').replace(/\r$/, '');
  if (!text.trim()) return null;
  try {
    const parsed = parseRolloutLine(JSON.parse(text));
    return parsed.ok ? parsed.line : null;
  } catch {
    return null;
  }
}

/** Complete lines of [0, end) of a file, last first, with their start offsets. */
function* linesBackward(fd: number, end: number, chunkBytes: number, counter: { bytes: number }): Generator<{ buf: Buffer; offset: number }> {
  let pos = end;
  let pieces: Buffer[] = [];
  while (pos > 0) {
    const start = Math.max(0, pos - chunkBytes);
    const buf = Buffer.alloc(pos - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    counter.bytes += n;
    let lineEnd = n;
    for (let i = lineEnd > 0 ? buf.lastIndexOf(0x0a, lineEnd - 1) : -1; i !== -1; i = lineEnd > 0 ? buf.lastIndexOf(0x0a, lineEnd - 1) : -1) {
      const piece = buf.subarray(i + 1, lineEnd);
      const line = pieces.length ? Buffer.concat([piece, ...pieces]) : piece;
      pieces = [];
      if (line.length) yield { buf: line, offset: start + i + 1 };
      lineEnd = i;
    }
    if (lineEnd > 0) pieces.unshift(buf.subarray(0, lineEnd));
    pos = start;
  }
  if (pieces.length) yield { buf: Buffer.concat(pieces), offset: 0 };
}

/** The last `turns` user turns before `beforeOffset` (default: the end), read from the end backwards. */
export async function readTranscriptTail(file: string, turns: number, opts: TailOptions = {}): Promise<TranscriptPage> {
  const want = Math.max(1, Math.floor(turns));
  const chunk = Math.max(1024, opts.chunkBytes ?? 64 * 1024);
  const counter = { bytes: 0 };
  const collected: Turn[] = []; // newest first
  let items: TurnItem[] = []; // of the turn being assembled, newest first
  // The first turn end after the user message being looked for (read backwards: the last one seen).
  let worked: Turn['worked'];
  const outputs = new Map<string, string>();
  let skip = 0;
  let malformed = 0;
  let missingBase: string | null = null;

  let current: { file: string; end: number | undefined; maxOrdinal?: number } | null = { file, end: opts.beforeOffset };
  let cursor = { file, offset: opts.beforeOffset ?? 0 };
  let atStart = false;
  const seen = new Set<string>();

  outer: while (current) {
    seen.add(current.file);
    const fd = openSync(current.file, 'r');
    let meta: SessionMeta | null = null;
    try {
      const end = Math.min(current.end ?? Infinity, fstatSync(fd).size);
      cursor = { file: current.file, offset: end };
      for (const { buf, offset } of linesBackward(fd, end, chunk, counter)) {
        // Most of a turn's lines (token counts, turn contexts, item events) are nothing a transcript
        // shows: told by their head, they are neither decoded nor validated.
        const head = lineHead(buf);
        if (head && !transcriptWants(head)) continue;
        const line = parseLine(buf);
        if (!line) {
          malformed++;
          continue;
        }
        if (current.maxOrdinal !== undefined && line.ordinal !== undefined && line.ordinal >= current.maxOrdinal) continue;
        const ev = classify(line);
        if (!ev) continue;
        if (ev.k === 'meta') meta ??= ev.meta;
        else if (ev.k === 'rollback') skip += ev.turns;
        else if (ev.k === 'worked') worked = ev.worked;
        else if (ev.k === 'output') outputs.set(ev.callId, ev.text);
        else if (ev.k === 'item') {
          const out = ev.item.callId !== undefined ? outputs.get(ev.item.callId) : undefined;
          items.push(out !== undefined ? { ...ev.item, output: out } : ev.item);
        } else {
          const turn: Turn = { user: ev.text, items: items.reverse(), byteOffset: offset, file: current.file, timestamp: line.timestamp };
          if (line.ordinal !== undefined) turn.ordinalStart = line.ordinal;
          if (worked) turn.worked = worked;
          items = [];
          worked = undefined;
          if (skip > 0) skip--;
          else collected.push(turn);
          cursor = { file: current.file, offset };
          if (collected.length >= want && skip === 0) break outer;
        }
      }
      // The top of this file: meta is the session_meta read last (the file's first).
    } finally {
      closeSync(fd);
    }
    const base = meta?.history_base;
    current = null;
    if (base && opts.codexHome) {
      const parent = await findRolloutByRolloutId(opts.codexHome, base.thread_id);
      if (parent && !seen.has(parent)) current = { file: parent, end: base.end_byte_offset, maxOrdinal: base.end_ordinal_exclusive };
      else if (!parent) missingBase = base.thread_id;
    }
    if (!current) {
      atStart = true;
      cursor = { ...cursor, offset: 0 };
    }
  }
  if (atStart && items.length) collected.push({ user: null, items: items.reverse(), byteOffset: 0, file: cursor.file });
  return {
    turns: collected.reverse(),
    startOffset: cursor.offset,
    startFile: cursor.file,
    atStart,
    bytesRead: counter.bytes,
    malformed,
    missingBase,
  };
}

export interface Transcript {
  turns: Turn[];
  /** the files read, oldest ancestor first */
  files: string[];
  malformed: number;
  missingBase: string | null;
}

/** The whole transcript, read forwards (export). With codexHome, a fork's inherited turns come first. */
export async function readTranscript(file: string, opts: { codexHome?: string } = {}): Promise<Transcript> {
  // The chain of files, oldest ancestor first, each with where its part ends.
  const chain: Array<{ file: string; endByte?: number; maxOrdinal?: number }> = [{ file }];
  let missingBase: string | null = null;
  while (opts.codexHome && chain.length < 64) {
    const base = (await readSessionMeta(chain[0].file))?.history_base;
    if (!base) break;
    const parent = await findRolloutByRolloutId(opts.codexHome, base.thread_id);
    if (!parent) {
      missingBase = base.thread_id;
      break;
    }
    if (chain.some((c) => c.file === parent)) break;
    chain.unshift({ file: parent, endByte: base.end_byte_offset, maxOrdinal: base.end_ordinal_exclusive });
  }

  const turns: Turn[] = [];
  const byCall = new Map<string, TurnItem>();
  let malformed = 0;
  for (const part of chain) {
    const it = readRolloutEntries(part.file, { endByte: part.endByte });
    for (;;) {
      const r = await it.next();
      if (r.done) {
        malformed += r.value.malformed;
        break;
      }
      const { line, offset } = r.value;
      if (part.maxOrdinal !== undefined && line.ordinal !== undefined && line.ordinal >= part.maxOrdinal) continue;
      const ev = classify(line);
      if (!ev || ev.k === 'meta') continue;
      if (ev.k === 'user') {
        const turn: Turn = { user: ev.text, items: [], byteOffset: offset, file: part.file, timestamp: line.timestamp };
        if (line.ordinal !== undefined) turn.ordinalStart = line.ordinal;
        turns.push(turn);
      } else if (ev.k === 'item') {
        if (!turns.length) turns.push({ user: null, items: [], byteOffset: offset, file: part.file });
        const item = { ...ev.item };
        turns[turns.length - 1].items.push(item);
        if (item.callId !== undefined) byCall.set(item.callId, item);
      } else if (ev.k === 'output') {
        const item = byCall.get(ev.callId);
        if (item) item.output = ev.text;
      } else if (ev.k === 'worked') {
        // The first turn end after a user message is its turn's.
        const last = turns.at(-1);
        if (last && last.user !== null) last.worked ??= ev.worked;
      } else {
        // A rollback drops the newest user turns (never the items before the first user message).
        let n = ev.turns;
        while (n > 0 && turns.length && turns[turns.length - 1].user !== null) {
          turns.pop();
          n--;
        }
      }
    }
  }
  return { turns, files: chain.map((c) => c.file), malformed, missingBase };
}
