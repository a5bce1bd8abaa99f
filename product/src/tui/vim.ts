// Vim mode for the composer (upstream's `/vim`, `[tui] vim_mode_default`): Normal and Insert modes,
// motions, operators with motions, finds and searches, as pure functions of the composer. The keys
// are data (VIM_NORMAL_KEYS, VIM_MOTION_KEYS); ./views/vim-keys.ts routes terminal keys here. Like
// upstream's, the cursor steps back one character when Insert ends, an operator leaves it where the
// deleted text began, and there is no undo.
import { graphemes } from './screen/canvas.ts';
import { recall, type Composer } from './composer.ts';

export type VimMode = 'normal' | 'insert' | 'replace';

export interface VimState {
  mode: VimMode;
  /** keys of a command not complete yet (`d`, `2d`, `f`, `ci`) */
  pending: string;
  /** what the last delete, change or yank took; `linewise` when it was whole lines */
  register: { text: string; linewise: boolean };
  /** a search being typed after `/` or `?` (shown in the footer), or null */
  search: { dir: 1 | -1; text: string } | null;
  /** the last search, for `n` and `N` */
  lastSearch: { dir: 1 | -1; text: string } | null;
  /** the last `f`/`F`/`t`/`T`, for `;` and `,` */
  lastFind: { key: string; ch: string } | null;
  /** the text and cursor before each change, newest last, for `u` */
  undo?: ReadonlyArray<{ text: string; cursor: number }>;
  /** the last change, for `.`: its Normal-mode keys and the text typed after them */
  lastChange?: { keys: string; inserted: string } | null;
  /** a change that went on into Insert or Replace mode: its keys and where typing began */
  changing?: { keys: string; at: number } | null;
}

export const vimState = (mode: VimMode): VimState => ({ mode, pending: '', register: { text: '', linewise: false }, search: null, lastSearch: null, lastFind: null, undo: [], lastChange: null, changing: null });

/** How many earlier states `u` can go back to. */
const UNDO_DEPTH = 100;
const pushUndo = (v: VimState, c: Composer) => [...(v.undo ?? []).slice(-(UNDO_DEPTH - 1)), { text: c.text, cursor: c.cursor }];

/** Motions, by key: where the cursor goes, and whether an operator over it takes the end character too. */
export const VIM_MOTION_KEYS: Readonly<Record<string, { motion: Motion; inclusive?: boolean; linewise?: boolean }>> = {
  h: { motion: 'left' },
  l: { motion: 'right' },
  j: { motion: 'down', linewise: true },
  k: { motion: 'up', linewise: true },
  w: { motion: 'word-forward' },
  W: { motion: 'bigword-forward' },
  b: { motion: 'word-backward' },
  B: { motion: 'bigword-backward' },
  e: { motion: 'word-end', inclusive: true },
  E: { motion: 'bigword-end', inclusive: true },
  '0': { motion: 'line-start' },
  '^': { motion: 'first-nonblank' },
  $: { motion: 'line-end', inclusive: true },
  G: { motion: 'last-line', linewise: true },
};

export type Motion =
  | 'left'
  | 'right'
  | 'up'
  | 'down'
  | 'word-forward'
  | 'bigword-forward'
  | 'word-backward'
  | 'bigword-backward'
  | 'word-end'
  | 'bigword-end'
  | 'line-start'
  | 'first-nonblank'
  | 'line-end'
  | 'first-line'
  | 'last-line';

/** Normal-mode commands that are not motions, by key. */
export const VIM_NORMAL_KEYS: Readonly<Record<string, NormalCommand>> = {
  i: 'insert',
  a: 'append',
  I: 'insert-line-start',
  A: 'append-line-end',
  o: 'open-below',
  O: 'open-above',
  x: 'delete-char',
  X: 'delete-char-before',
  s: 'substitute-char',
  S: 'change-line',
  D: 'delete-to-line-end',
  C: 'change-to-line-end',
  Y: 'yank-line',
  p: 'paste-after',
  P: 'paste-before',
  d: 'operator-delete',
  c: 'operator-change',
  y: 'operator-yank',
  r: 'replace-char',
  f: 'find',
  F: 'find',
  t: 'find',
  T: 'find',
  ';': 'repeat-find',
  ',': 'repeat-find-reverse',
  '/': 'search-forward',
  '?': 'search-backward',
  n: 'search-next',
  N: 'search-previous',
  g: 'g-prefix',
};

export type NormalCommand =
  | 'insert'
  | 'append'
  | 'insert-line-start'
  | 'append-line-end'
  | 'open-below'
  | 'open-above'
  | 'delete-char'
  | 'delete-char-before'
  | 'substitute-char'
  | 'change-line'
  | 'delete-to-line-end'
  | 'change-to-line-end'
  | 'yank-line'
  | 'paste-after'
  | 'paste-before'
  | 'operator-delete'
  | 'operator-change'
  | 'operator-yank'
  | 'replace-char'
  | 'find'
  | 'repeat-find'
  | 'repeat-find-reverse'
  | 'search-forward'
  | 'search-backward'
  | 'search-next'
  | 'search-previous'
  | 'g-prefix';

const chars = (t: string): string[] => [...graphemes(t)];
const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\n';
const isWordChar = (ch: string) => /^[\p{L}\p{N}_]/u.test(ch);
/** 0 blank, 1 word characters, 2 other punctuation; big words treat every non-blank alike. */
const classOf = (ch: string | undefined, big: boolean) => (ch === undefined || isBlank(ch) ? 0 : big || isWordChar(ch) ? 1 : 2);

function lineStart(cs: readonly string[], i: number): number {
  while (i > 0 && cs[i - 1] !== '\n') i--;
  return i;
}
function lineEnd(cs: readonly string[], i: number): number {
  while (i < cs.length && cs[i] !== '\n') i++;
  return i;
}
/** The last character of the cursor's line (its start when the line is empty): where Normal mode can stand. */
const lastOnLine = (cs: readonly string[], i: number) => Math.max(lineStart(cs, i), lineEnd(cs, i) - 1);

/** Where a motion takes the cursor from `i` (index into the text's characters). */
export function motionTarget(cs: readonly string[], i: number, m: Motion): number {
  switch (m) {
    case 'left':
      return Math.max(lineStart(cs, i), i - 1);
    case 'right':
      return Math.min(lastOnLine(cs, i), i + 1);
    case 'line-start':
      return lineStart(cs, i);
    case 'first-nonblank': {
      let j = lineStart(cs, i);
      const end = lineEnd(cs, i);
      while (j < end && isBlank(cs[j])) j++;
      return j;
    }
    case 'line-end':
      return lastOnLine(cs, i);
    case 'up':
    case 'down': {
      const start = lineStart(cs, i);
      const col = i - start;
      if (m === 'up') {
        if (start === 0) return i;
        const prev = lineStart(cs, start - 1);
        return Math.min(prev + col, lastOnLine(cs, prev));
      }
      const end = lineEnd(cs, i);
      if (end >= cs.length) return i;
      return Math.min(end + 1 + col, lastOnLine(cs, end + 1));
    }
    case 'first-line':
      return 0;
    case 'last-line':
      return lineStart(cs, cs.length);
    case 'word-forward':
    case 'bigword-forward': {
      const big = m === 'bigword-forward';
      let j = i;
      const cls = classOf(cs[j], big);
      if (cls) while (j < cs.length && classOf(cs[j], big) === cls) j++;
      while (j < cs.length && isBlank(cs[j])) j++;
      return j;
    }
    case 'word-backward':
    case 'bigword-backward': {
      const big = m === 'bigword-backward';
      let j = i;
      while (j > 0 && isBlank(cs[j - 1])) j--;
      if (j === 0) return 0;
      const cls = classOf(cs[j - 1], big);
      while (j > 0 && classOf(cs[j - 1], big) === cls) j--;
      return j;
    }
    case 'word-end':
    case 'bigword-end': {
      const big = m === 'bigword-end';
      let j = i + 1;
      while (j < cs.length && isBlank(cs[j])) j++;
      if (j >= cs.length) return Math.max(i, cs.length - 1);
      const cls = classOf(cs[j], big);
      while (j + 1 < cs.length && classOf(cs[j + 1], big) === cls) j++;
      return j;
    }
  }
}

/** `f`/`F`/`t`/`T` on the cursor's line: where it lands, or null when the character is not there. */
export function findTarget(cs: readonly string[], i: number, key: string, ch: string): number | null {
  const forward = key === 'f' || key === 't';
  const till = key === 't' || key === 'T';
  const start = lineStart(cs, i);
  const end = lineEnd(cs, i);
  if (forward) {
    for (let j = i + 1; j < end; j++) if (cs[j] === ch) return till ? j - 1 : j;
  } else {
    for (let j = i - 1; j >= start; j--) if (cs[j] === ch) return till ? j + 1 : j;
  }
  return null;
}

/** The next place `text` occurs searching from `i` in `dir`, wrapping around; null when nowhere. */
export function searchTarget(cs: readonly string[], i: number, dir: 1 | -1, text: string): number | null {
  const needle = chars(text);
  if (!needle.length) return null;
  const n = cs.length;
  const at = (j: number) => needle.every((ch, k) => cs[j + k] === ch);
  for (let step = 1; step <= n; step++) {
    const j = (((i + dir * step) % n) + n) % n;
    if (at(j)) return j;
  }
  return null;
}

interface Edit {
  composer: Composer;
  vim: VimState;
}

const withText = (c: Composer, cs: readonly string[], cursor: number): Composer => ({ ...c, text: cs.join(''), cursor: Math.max(0, Math.min(cursor, cs.length)) });

/** Insert (or Replace) ends: Normal mode, the cursor one character back (not past its line's start), as Vim does; what was typed joins the change `.` repeats. */
export function leaveInsert(c: Composer, v: VimState): Edit {
  const cs = chars(c.text);
  const cursor = c.cursor > lineStart(cs, c.cursor) ? c.cursor - 1 : c.cursor;
  const lastChange = v.changing ? { keys: v.changing.keys, inserted: cs.slice(v.changing.at, Math.max(v.changing.at, c.cursor)).join('') } : v.lastChange;
  return { composer: { ...c, cursor }, vim: { ...v, mode: 'normal', pending: '', changing: null, lastChange } };
}

/** Replace mode: typed text writes over the line's characters (and goes on past its end). */
export function overwrite(c: Composer, text: string): Composer {
  const cs = chars(c.text);
  let i = c.cursor;
  for (const ch of chars(text)) {
    if (ch !== '\n' && i < lineEnd(cs, i)) cs[i] = ch;
    else cs.splice(i, 0, ch);
    i++;
  }
  return withText(c, cs, i);
}

/** One key typed in Normal mode: `u` undoes, `.` repeats the last change, `R` starts Replace mode; every change is remembered for both. */
export function normalKey(c: Composer, v: VimState, key: string): Edit {
  if (!v.pending && key === 'u') {
    const last = v.undo?.at(-1);
    return last ? { composer: { ...c, text: last.text, cursor: last.cursor }, vim: { ...v, undo: v.undo!.slice(0, -1) } } : { composer: c, vim: v };
  }
  if (!v.pending && key === '.') return repeatChange(c, v);
  if (!v.pending && (key === 'k' || key === 'j')) {
    // On the first (k) or last (j) line, k and j go through earlier prompts as ↑ and ↓ do.
    const cs = chars(c.text);
    const edge = key === 'k' ? lineStart(cs, c.cursor) === 0 : lineEnd(cs, c.cursor) >= cs.length;
    const next = edge ? recall(c, key === 'k' ? -1 : 1) : null;
    if (next) return { composer: { ...next, cursor: Math.max(0, chars(next.text).length - 1) }, vim: v };
  }
  if (!v.pending && key === 'R') return { composer: c, vim: { ...v, mode: 'replace', undo: pushUndo(v, c), changing: { keys: 'R', at: c.cursor } } };
  const keys = v.pending + key;
  const out = commandKey(c, v, key);
  if (out.vim.pending) return out;
  if (out.vim.mode === 'insert') return { composer: out.composer, vim: { ...out.vim, undo: pushUndo(v, c), changing: { keys, at: out.composer.cursor } } };
  if (out.composer.text !== c.text) return { composer: out.composer, vim: { ...out.vim, undo: pushUndo(v, c), lastChange: { keys, inserted: '' } } };
  return out;
}

/** `.`: the last change again at the cursor, with the text that was typed in it. */
function repeatChange(c: Composer, v: VimState): Edit {
  const change = v.lastChange;
  if (!change) return { composer: c, vim: v };
  let e: Edit = { composer: c, vim: { ...v, pending: '' } };
  if (change.keys === 'R') e = { composer: overwrite(c, change.inserted), vim: { ...e.vim, mode: 'replace' } };
  else {
    for (const k of chars(change.keys)) e = commandKey(e.composer, e.vim, k);
    if (e.vim.mode === 'insert') e = { ...e, composer: insertText(e.composer, change.inserted) };
  }
  if (e.vim.mode !== 'normal') e = leaveInsert(e.composer, { ...e.vim, changing: null });
  return { composer: e.composer, vim: { ...e.vim, undo: pushUndo(v, c), lastChange: change, changing: null } };
}

function insertText(c: Composer, text: string): Composer {
  const cs = chars(c.text);
  const add = chars(text);
  return withText(c, [...cs.slice(0, c.cursor), ...add, ...cs.slice(c.cursor)], c.cursor + add.length);
}

/** Deletes [from, to) and keeps it in the register; the cursor goes to `from`. */
function cut(c: Composer, v: VimState, from: number, to: number, linewise = false): Edit {
  const cs = chars(c.text);
  const taken = cs.slice(from, to).join('');
  const rest = [...cs.slice(0, from), ...cs.slice(to)];
  return { composer: withText(c, rest, from), vim: { ...v, pending: '', register: { text: taken, linewise } } };
}

/** The whole lines from `a`'s line to `b`'s, with one of the line breaks around them. */
function lineRange(cs: readonly string[], a: number, b: number): [number, number] {
  const from = lineStart(cs, Math.min(a, b));
  const to = lineEnd(cs, Math.max(a, b));
  if (to < cs.length) return [from, to + 1];
  return [from > 0 ? from - 1 : from, to];
}

/** An operator (`d`, `c`, `y`) over the text between the cursor and a target. */
function operate(c: Composer, v: VimState, op: string, target: number, kind: { inclusive?: boolean; linewise?: boolean }): Edit {
  const cs = chars(c.text);
  const i = c.cursor;
  let from: number;
  let to: number;
  if (kind.linewise) {
    [from, to] = lineRange(cs, i, target);
    // `cc`/`cj` keep an empty line to type on.
    if (op === 'c') {
      from = lineStart(cs, Math.min(i, target));
      to = lineEnd(cs, Math.max(i, target));
    }
  } else {
    from = Math.min(i, target);
    to = Math.max(i, target) + (kind.inclusive && target >= i ? 1 : 0);
    to = Math.min(to, cs.length);
  }
  if (op === 'y') {
    const text = cs.slice(from, to).join('');
    return { composer: { ...c, cursor: kind.linewise ? c.cursor : from }, vim: { ...v, pending: '', register: { text, linewise: !!kind.linewise } } };
  }
  const done = cut(c, v, from, to, kind.linewise);
  return op === 'c' ? { composer: done.composer, vim: { ...done.vim, mode: 'insert' } } : done;
}

const count = (pending: string) => {
  const m = /^[1-9]\d*/.exec(pending);
  return m ? Number(m[0]) : 1;
};

/** One key of a Normal-mode command (a single character), without undo or repeat bookkeeping. */
function commandKey(c: Composer, v: VimState, key: string): Edit {
  const cs = chars(c.text);
  const i = c.cursor;
  const pending = v.pending + key;
  const keep = (composer: Composer, patch: Partial<VimState> = {}): Edit => ({ composer, vim: { ...v, pending: '', ...patch } });
  const wait = (): Edit => ({ composer: c, vim: { ...v, pending } });

  // A count: digits before a command (a lone 0 is the line-start motion).
  const counted = /^(?:[1-9]\d*)?/.exec(pending)![0];
  const body = pending.slice(counted.length);
  if (!body) return wait();
  const n = count(pending);
  const opKey = /^[dcy]/.test(body) ? body[0] : null;
  const rest = opKey ? body.slice(1).replace(/^[1-9]\d*/, '') : body;
  const times = opKey ? n * count(body.slice(1)) : n;
  if (opKey && !rest) return wait();

  // What follows an operator: the same key (whole lines), a motion, a find or a text object.
  if (opKey) {
    if (rest === opKey) {
      const endLine = (() => {
        let j = i;
        for (let k = 1; k < times; k++) j = motionTarget(cs, j, 'down');
        return j;
      })();
      return operate(c, v, opKey, endLine, { linewise: true });
    }
    if (rest === 'g') return wait();
    if (rest === 'gg') return operate(c, v, opKey, 0, { linewise: true });
    if (/^[fFtT]$/.test(rest)) return wait();
    if (/^[fFtT].$/u.test(rest)) {
      const target = findTarget(cs, i, rest[0], rest.slice(1));
      if (target === null) return keep(c);
      const done = operate(c, v, opKey, target, { inclusive: rest[0] === 'f' || rest[0] === 't' });
      return { ...done, vim: { ...done.vim, lastFind: { key: rest[0], ch: rest.slice(1) } } };
    }
    if (rest === 'i' || rest === 'a') return wait();
    if (/^[ia]./u.test(rest)) {
      const range = textObject(cs, i, rest[0] === 'a', rest.slice(1));
      if (!range) return keep(c);
      return operate({ ...c, cursor: range[0] }, v, opKey, Math.max(range[0], range[1] - 1), { inclusive: range[1] > range[0] });
    }
    const m = VIM_MOTION_KEYS[rest];
    if (!m) return keep(c);
    // `cw` changes to the end of the word, as Vim's does.
    let motion = m.motion;
    let inclusive = m.inclusive;
    if (opKey === 'c' && (motion === 'word-forward' || motion === 'bigword-forward') && !isBlank(cs[i])) {
      motion = motion === 'word-forward' ? 'word-end' : 'bigword-end';
      inclusive = true;
    }
    let target = i;
    for (let k = 0; k < times; k++) target = motionTarget(cs, target, motion);
    // `dw` on a line's last word stops at the line's end.
    if (motion === 'word-forward' || motion === 'bigword-forward') target = Math.min(target, Math.max(lineEnd(cs, i), i));
    // `d$` takes the line to its end even past the last character Normal mode stands on.
    if (motion === 'line-end') return operate(c, v, opKey, lineEnd(cs, i), {});
    if (motion === 'right') target = Math.min(lineEnd(cs, i), i + times);
    return operate(c, v, opKey, target, { inclusive, linewise: m.linewise });
  }

  // A pending command waiting for its character.
  if (/^[fFtT]$/.test(body) || body === 'r' || body === 'g') return wait();
  if (/^[fFtT]./u.test(body)) {
    const target = findTarget(cs, i, body[0], body.slice(1));
    return keep(target === null ? c : { ...c, cursor: target }, { lastFind: { key: body[0], ch: body.slice(1) } });
  }
  if (/^r./u.test(body)) {
    if (i >= lineEnd(cs, i)) return keep(c);
    const next = [...cs];
    next[i] = body.slice(1);
    return keep(withText(c, next, i));
  }
  if (body === 'gg') return keep({ ...c, cursor: 0 });
  if (body.length > 1) return keep(c);

  const motion = VIM_MOTION_KEYS[body];
  if (motion) {
    let target = i;
    for (let k = 0; k < n; k++) target = motionTarget(cs, target, motion.motion);
    return keep({ ...c, cursor: target });
  }
  const command = VIM_NORMAL_KEYS[body];
  const toInsert = (composer: Composer): Edit => keep(composer, { mode: 'insert' });
  switch (command) {
    case 'insert':
      return toInsert(c);
    case 'append':
      return toInsert({ ...c, cursor: Math.min(lineEnd(cs, i), i + 1) });
    case 'insert-line-start':
      return toInsert({ ...c, cursor: motionTarget(cs, i, 'first-nonblank') });
    case 'append-line-end':
      return toInsert({ ...c, cursor: lineEnd(cs, i) });
    case 'open-below': {
      const end = lineEnd(cs, i);
      return toInsert(withText(c, [...cs.slice(0, end), '\n', ...cs.slice(end)], end + 1));
    }
    case 'open-above': {
      const start = lineStart(cs, i);
      return toInsert(withText(c, [...cs.slice(0, start), '\n', ...cs.slice(start)], start));
    }
    case 'delete-char': {
      const end = lineEnd(cs, i);
      if (i >= end) return keep(c);
      // Like upstream's, the cursor stays where the character was, even past the line's new end.
      return cut(c, v, i, Math.min(end, i + n));
    }
    case 'delete-char-before': {
      const start = lineStart(cs, i);
      return i > start ? cut(c, v, Math.max(start, i - n), i) : keep(c);
    }
    case 'substitute-char': {
      const done = cut(c, v, i, Math.min(lineEnd(cs, i), i + n));
      return { ...done, vim: { ...done.vim, mode: 'insert' } };
    }
    case 'change-line':
      return operate(c, v, 'c', i, { linewise: true });
    case 'delete-to-line-end':
      return cut(c, v, i, lineEnd(cs, i));
    case 'change-to-line-end': {
      const done = cut(c, v, i, lineEnd(cs, i));
      return { ...done, vim: { ...done.vim, mode: 'insert' } };
    }
    case 'yank-line':
      return operate(c, v, 'y', i, { linewise: true });
    case 'paste-after':
    case 'paste-before': {
      const { text, linewise } = v.register;
      if (!text) return keep(c);
      const add = chars(linewise && !text.endsWith('\n') ? `${text}\n` : text);
      const body = linewise ? add.slice(0, -1) : add;
      if (linewise) {
        if (command === 'paste-before') {
          const start = lineStart(cs, i);
          return keep(withText(c, [...cs.slice(0, start), ...body, '\n', ...cs.slice(start)], start));
        }
        const end = lineEnd(cs, i);
        return keep(withText(c, [...cs.slice(0, end), '\n', ...body, ...cs.slice(end)], end + 1));
      }
      const at = command === 'paste-after' && cs.length ? Math.min(lineEnd(cs, i), i + 1) : i;
      // Upstream leaves the cursor after what was put.
      return keep(withText(c, [...cs.slice(0, at), ...body, ...cs.slice(at)], at + body.length));
    }
    case 'repeat-find':
    case 'repeat-find-reverse': {
      if (!v.lastFind) return keep(c);
      const flip: Record<string, string> = { f: 'F', F: 'f', t: 'T', T: 't' };
      const key = command === 'repeat-find' ? v.lastFind.key : flip[v.lastFind.key];
      const target = findTarget(cs, i, key, v.lastFind.ch);
      return keep(target === null ? c : { ...c, cursor: target });
    }
    case 'search-forward':
    case 'search-backward':
      return keep(c, { search: { dir: command === 'search-forward' ? 1 : -1, text: '' } });
    case 'search-next':
    case 'search-previous': {
      const last = v.lastSearch;
      if (!last) return keep(c);
      const dir = command === 'search-next' ? last.dir : ((-last.dir) as 1 | -1);
      const target = searchTarget(cs, i, dir, last.text);
      return keep(target === null ? c : { ...c, cursor: target });
    }
    default:
      return keep(c);
  }
}

/** A search typed after `/` or `?` ends with Enter: the cursor goes to the match (if any). */
export function finishSearch(c: Composer, v: VimState): Edit {
  const s = v.search;
  if (!s) return { composer: c, vim: v };
  const last = s.text ? { dir: s.dir, text: s.text } : v.lastSearch;
  const target = last ? searchTarget(chars(c.text), c.cursor, last.dir, last.text) : null;
  return { composer: target === null ? c : { ...c, cursor: target }, vim: { ...v, search: null, lastSearch: last } };
}

/** `iw`, `aw`, `i(`, `a"`, …: the range [from, to) a text object covers around `i`, or null. */
export function textObject(cs: readonly string[], i: number, around: boolean, key: string): [number, number] | null {
  if (key === 'w' || key === 'W') {
    const big = key === 'W';
    const cls = classOf(cs[i], big);
    let from = i;
    let to = i;
    while (from > 0 && classOf(cs[from - 1], big) === cls && cs[from - 1] !== '\n') from--;
    while (to < cs.length && classOf(cs[to], big) === cls && cs[to] !== '\n') to++;
    if (around) {
      let after = to;
      while (after < cs.length && (cs[after] === ' ' || cs[after] === '\t')) after++;
      if (after > to) to = after;
      else while (from > 0 && (cs[from - 1] === ' ' || cs[from - 1] === '\t')) from--;
    }
    return to > from ? [from, to] : null;
  }
  const pairs: Record<string, [string, string]> = { '(': ['(', ')'], ')': ['(', ')'], b: ['(', ')'], '[': ['[', ']'], ']': ['[', ']'], '{': ['{', '}'], '}': ['{', '}'], B: ['{', '}'], '<': ['<', '>'], '>': ['<', '>'] };
  const pair = pairs[key];
  if (pair) {
    let depth = 0;
    let open = -1;
    for (let j = i; j >= 0; j--) {
      if (cs[j] === pair[1] && j !== i) depth++;
      else if (cs[j] === pair[0]) {
        if (depth === 0) {
          open = j;
          break;
        }
        depth--;
      }
    }
    if (open < 0) return null;
    depth = 0;
    for (let j = open + 1; j < cs.length; j++) {
      if (cs[j] === pair[0]) depth++;
      else if (cs[j] === pair[1]) {
        if (depth === 0) return around ? [open, j + 1] : [open + 1, j];
        depth--;
      }
    }
    return null;
  }
  if (key === '"' || key === "'" || key === '`') {
    const start = lineStart(cs, i);
    const end = lineEnd(cs, i);
    const quotes: number[] = [];
    for (let j = start; j < end; j++) if (cs[j] === key) quotes.push(j);
    for (let q = 0; q + 1 < quotes.length; q += 2) {
      const [a, b] = [quotes[q], quotes[q + 1]];
      if (a <= i && i <= b) return around ? [a, b + 1] : [a + 1, b];
    }
    return null;
  }
  return null;
}

/** `/vim`: Vim mode on (in Normal mode) or off again, with the line upstream says. */
export function toggleVim(v: VimState | null | undefined): { vim: VimState | null; notice: string } {
  return v ? { vim: null, notice: 'Vim mode disabled.' } : { vim: vimState('normal'), notice: 'Vim mode enabled.' };
}

/** `[tui] vim_mode_default = true`: every composer starts in Vim mode, typing (Insert), as upstream's does. */
export const vimAtStart = (tui: Record<string, unknown> | undefined): VimState | null => (tui?.vim_mode_default === true ? vimState('insert') : null);
