// The composer: the text being written, a cursor in it, and the prompts sent before (recalled with
// ↑/↓). Pure editing functions, and the layout that turns the text into screen rows with the
// cursor's place (lines break at newlines and wrap at the width, character by character).
import { graphemes, widthOf } from './screen/canvas.ts';

export interface Composer {
  text: string;
  /** index into the text's characters (graphemes) */
  cursor: number;
  /** earlier prompts, oldest first */
  sent: string[];
  /** which earlier prompt is shown while browsing them (sent.length: none) */
  recall: number;
  /** what was being written before browsing started */
  draft: string;
  /** large pastes shown as placeholders in the text, and what each stands for */
  pastes: ReadonlyArray<{ placeholder: string; text: string }>;
}

export const emptyComposer = (sent: string[] = []): Composer => ({ text: '', cursor: 0, sent, recall: sent.length, draft: '', pastes: [] });

/** Pastes longer than this many characters are shown as a placeholder, as upstream's composer does. */
export const LARGE_PASTE_CHARS = 1000;

/** A paste: its text at the cursor, or a `[Pasted Content N chars]` placeholder when it is large. */
export function insertPaste(c: Composer, pasted: string): Composer {
  const text = pasted.replace(/\r\n?/g, '\n');
  const n = [...text].length;
  if (n <= LARGE_PASTE_CHARS) return insert(c, text);
  const base = `[Pasted Content ${n} chars]`;
  const same = c.pastes.filter((p) => p.placeholder === base || p.placeholder.startsWith(`${base} #`)).length;
  const placeholder = same ? `${base} #${same + 1}` : base;
  return { ...insert(c, placeholder), pastes: [...c.pastes, { placeholder, text }] };
}

/** The composer's text with every paste placeholder still in it replaced by what was pasted. */
export function expandPastes(c: Composer): string {
  let out = c.text;
  for (const p of c.pastes) out = out.replace(p.placeholder, () => p.text);
  return out;
}

const chars = (t: string) => [...graphemes(t)];
const at = (c: Composer, text: string, cursor: number): Composer => ({ ...c, text, cursor: Math.max(0, Math.min(cursor, chars(text).length)) });

export function insert(c: Composer, s: string): Composer {
  const cs = chars(c.text);
  const add = chars(s.replace(/\r\n?/g, '\n'));
  return at(c, [...cs.slice(0, c.cursor), ...add, ...cs.slice(c.cursor)].join(''), c.cursor + add.length);
}

export function backspace(c: Composer): Composer {
  if (c.cursor === 0) return c;
  const cs = chars(c.text);
  // A paste placeholder goes as a whole, with what it stands for.
  const before = cs.slice(0, c.cursor).join('');
  const paste = c.pastes.find((p) => before.endsWith(p.placeholder));
  if (paste) {
    const n = chars(paste.placeholder).length;
    return { ...at(c, [...cs.slice(0, c.cursor - n), ...cs.slice(c.cursor)].join(''), c.cursor - n), pastes: c.pastes.filter((p) => p !== paste) };
  }
  return at(c, [...cs.slice(0, c.cursor - 1), ...cs.slice(c.cursor)].join(''), c.cursor - 1);
}

export function deleteForward(c: Composer): Composer {
  const cs = chars(c.text);
  if (c.cursor >= cs.length) return c;
  return at(c, [...cs.slice(0, c.cursor), ...cs.slice(c.cursor + 1)].join(''), c.cursor);
}

export const moveBy = (c: Composer, delta: number): Composer => at(c, c.text, c.cursor + delta);

/** Start or end of the cursor's line. */
export function moveToLineEdge(c: Composer, edge: 'start' | 'end'): Composer {
  const cs = chars(c.text);
  let i = c.cursor;
  if (edge === 'start') while (i > 0 && cs[i - 1] !== '\n') i--;
  else while (i < cs.length && cs[i] !== '\n') i++;
  return at(c, c.text, i);
}

/** Deletes from the cursor back to the start of its line (Ctrl-U). */
export function killToLineStart(c: Composer): Composer {
  const start = moveToLineEdge(c, 'start').cursor;
  const cs = chars(c.text);
  return at(c, [...cs.slice(0, start), ...cs.slice(c.cursor)].join(''), start);
}

export const setText = (c: Composer, text: string): Composer => ({ ...c, text, cursor: chars(text).length, recall: c.sent.length, draft: '', pastes: [] });

/** After sending: empty, with the prompt remembered for ↑. */
export function sent(c: Composer, prompt: string): Composer {
  const history = c.sent[c.sent.length - 1] === prompt ? c.sent : [...c.sent, prompt];
  return emptyComposer(history);
}

/** ↑/↓ through earlier prompts; false when there is nowhere to go (the key does something else). */
export function recall(c: Composer, dir: -1 | 1): Composer | null {
  const next = c.recall + dir;
  if (next < 0 || next > c.sent.length) return null;
  const draft = c.recall === c.sent.length ? c.text : c.draft;
  const text = next === c.sent.length ? draft : c.sent[next];
  return { ...c, text, cursor: chars(text).length, recall: next, draft };
}

export interface ComposerLayout {
  /** screen rows of text (without the prompt glyph), top to bottom */
  rows: string[];
  cursor: { row: number; col: number };
}

/** Rows of at most `width` cells; the cursor's row and column within them. */
export function layoutComposer(c: Composer, width: number): ComposerLayout {
  const w = Math.max(1, width);
  const rows: string[] = [''];
  let col = 0;
  let cursor = { row: 0, col: 0 };
  const cs = chars(c.text);
  for (let i = 0; i <= cs.length; i++) {
    if (i === c.cursor) cursor = { row: rows.length - 1, col };
    if (i === cs.length) break;
    const ch = cs[i];
    if (ch === '\n') {
      rows.push('');
      col = 0;
      continue;
    }
    const cw = Math.max(0, widthOf(ch));
    if (col + cw > w) {
      rows.push('');
      col = 0;
      if (i === c.cursor) cursor = { row: rows.length - 1, col: 0 };
    }
    rows[rows.length - 1] += ch;
    col += cw;
  }
  // A cursor at the very end of a full row sits at the start of the next one.
  if (cursor.col >= w) cursor = { row: cursor.row + 1, col: 0 };
  if (cursor.row >= rows.length) rows.push('');
  return { rows, cursor };
}
