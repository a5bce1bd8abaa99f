// Terminal input → keys. A stateful parser: an escape sequence, a paste or a terminal reply split
// across reads is held until the rest arrives, and a lone Esc becomes the Esc key only when nothing
// follows it within the escape timeout (the terminal owner calls `timeout()` then). Replies the
// terminal sends on its own (cursor position, OSC colour/clipboard answers, device attributes) are
// dropped, never typed. Works on decoded text: UTF-8 decoding is the terminal owner's.

type Letter = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'k' | 'l' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z';

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' }
  /** Ctrl-J or Shift-Enter: a line break in the composer */
  | { kind: 'newline' }
  /** bracketed paste: the pasted text, newlines and escape bytes included, as one key */
  | { kind: 'paste'; text: string }
  /** Alt (Meta) + a character */
  | { kind: 'alt'; text: string }
  | { kind: `ctrl-${Letter}` }
  | { kind: 'delete' | 'backspace' | 'escape' | 'tab' | 'backtab' }
  | { kind: 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown' }
  /** F2 (upstream: view the session's warnings) */
  | { kind: 'f2' }
  /** another function key, F1 and F3-F12 (a binding `/keymap` can capture) */
  | { kind: 'fn'; n: number }
  /** the terminal window gained or lost focus (mode 1004) */
  | { kind: 'focus'; focused: boolean }
  /** the terminal's answer to the background colour query (OSC 11): its default background */
  | { kind: 'background'; rgb: [number, number, number] };

export type KeyKind = Key['kind'];

const CSI_FINAL: Record<string, Key> = {
  A: { kind: 'up' },
  B: { kind: 'down' },
  C: { kind: 'right' },
  D: { kind: 'left' },
  H: { kind: 'home' },
  F: { kind: 'end' },
  Z: { kind: 'backtab' },
  I: { kind: 'focus', focused: true },
  O: { kind: 'focus', focused: false },
};
/** ESC [ n ~ keys (xterm, vt220 and rxvt numbering). */
const TILDE: Record<string, Key> = {
  '1': { kind: 'home' },
  '7': { kind: 'home' },
  '4': { kind: 'end' },
  '8': { kind: 'end' },
  '3': { kind: 'delete' },
  '5': { kind: 'pageup' },
  '6': { kind: 'pagedown' },
  '12': { kind: 'f2' },
  // F1-F12 as xterm and vt220 number them (11-14: F1-F4 on rxvt and vt220).
  '11': { kind: 'fn', n: 1 },
  '13': { kind: 'fn', n: 3 },
  '14': { kind: 'fn', n: 4 },
  '15': { kind: 'fn', n: 5 },
  '17': { kind: 'fn', n: 6 },
  '18': { kind: 'fn', n: 7 },
  '19': { kind: 'fn', n: 8 },
  '20': { kind: 'fn', n: 9 },
  '21': { kind: 'fn', n: 10 },
  '23': { kind: 'fn', n: 11 },
  '24': { kind: 'fn', n: 12 },
};
/** SS3 P-S: F1-F4 as xterm sends them. */
const SS3_F: Record<string, Key> = { P: { kind: 'fn', n: 1 }, Q: { kind: 'f2' }, R: { kind: 'fn', n: 3 }, S: { kind: 'fn', n: 4 } };

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
const ESC = '\x1b';
const BEL = '\x07';

/** How long a lone Esc waits for the rest of a sequence before it counts as the Esc key. */
export const ESCAPE_TIMEOUT_MS = 40;

/** A control byte (other than the ones with names) → its Ctrl-letter key, or null. */
function controlKey(ch: string): Key | null {
  const code = ch.charCodeAt(0);
  if (ch === '\r') return { kind: 'enter' };
  if (ch === '\n') return { kind: 'newline' };
  if (ch === '\t') return { kind: 'tab' };
  if (ch === '\x7f' || ch === '\b') return { kind: 'backspace' };
  if (code >= 1 && code <= 26) return { kind: `ctrl-${String.fromCharCode(code + 96)}` as `ctrl-${Letter}` };
  return null;
}

/** A complete CSI sequence (`params` between `ESC [` and the final byte) → a key, or null (dropped). */
function csiKey(params: string, final: string): Key | null {
  // Replies, not keys: cursor position (n;mR), device attributes (?…c), kitty flags (?…u), modes ($y).
  if (final === 'R' || params.startsWith('?') || params.startsWith('>') || params.includes('$')) return null;
  const [first, mods] = params.split(';');
  const shift = mods !== undefined && ((Number(mods) - 1) & 1) === 1;
  if (final === '~') {
    // xterm modifyOtherKeys: ESC [ 27 ; mods ; code ~
    if (first === '27') {
      const code = Number(params.split(';')[2]);
      if (code === 13) return shift ? { kind: 'newline' } : { kind: 'enter' };
      return null;
    }
    return TILDE[first] ?? null;
  }
  // kitty keyboard protocol: ESC [ code ; mods u
  if (final === 'u') {
    if (first === '13') return shift ? { kind: 'newline' } : { kind: 'enter' };
    if (first === '27') return { kind: 'escape' };
    return null;
  }
  if (final === 'I' || final === 'O') return params ? null : CSI_FINAL[final];
  return CSI_FINAL[final] ?? null;
}

export class KeyParser {
  /** input received but not yet understood: the start of a sequence, a paste, or a reply */
  private pending = '';
  /** how much of an unfinished paste at the start of `pending` has been searched for its end */
  private pasteScanned = 0;

  /** True while an incomplete sequence waits for more input (the caller arms the escape timeout). */
  get waiting(): boolean {
    return this.pending !== '';
  }

  /** Parses what can be parsed; an incomplete sequence at the end waits for the next read. */
  feed(data: string): Key[] {
    this.pending += data;
    return this.drain(false);
  }

  /**
   * The escape timeout ran out: what waits is not the start of a sequence after all. A lone Esc is
   * the Esc key; an unfinished paste is kept (a paste ends only at its end marker).
   */
  timeout(): Key[] {
    return this.drain(true);
  }

  private drain(timedOut: boolean): Key[] {
    const keys: Key[] = [];
    let text = '';
    const push = (k: Key | null) => {
      if (!k) return;
      if (text) keys.push({ kind: 'text', text });
      text = '';
      keys.push(k);
    };
    const s = this.pending;
    let i = 0;
    while (i < s.length) {
      const ch = s[i];
      if (ch !== ESC) {
        const ctrl = controlKey(ch);
        if (ctrl) push(ctrl);
        else if (ch >= ' ' && ch !== '\x7f' && !(ch >= '\x80' && ch <= '\x9f')) text += ch;
        i++;
        continue;
      }
      const seq = this.sequenceAt(s, i, timedOut);
      if (seq === 'incomplete') break;
      push(seq.key);
      i += seq.length;
    }
    if (text) keys.push({ kind: 'text', text });
    this.pending = s.slice(i);
    return keys;
  }

  /** The escape sequence starting at s[i] (s[i] is ESC): its key (null: dropped) and length. */
  private sequenceAt(s: string, i: number, timedOut: boolean): { key: Key | null; length: number } | 'incomplete' {
    const rest = s.slice(i);
    // A paste is text up to its end marker, whatever it contains, however long it takes.
    if (rest.startsWith(PASTE_START)) {
      const end = rest.indexOf(PASTE_END, Math.max(PASTE_START.length, this.pasteScanned - PASTE_END.length));
      if (end < 0) {
        // A long paste arrives in many reads: only the new part is searched next time.
        this.pasteScanned = rest.length;
        return 'incomplete';
      }
      this.pasteScanned = 0;
      return { key: { kind: 'paste', text: rest.slice(PASTE_START.length, end) }, length: end + PASTE_END.length };
    }
    if (rest.length === 1) return timedOut ? { key: { kind: 'escape' }, length: 1 } : 'incomplete';
    const next = rest[1];
    if (next === '[') {
      // CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, one final byte 0x40-0x7e.
      let j = 2;
      while (j < rest.length && rest.charCodeAt(j) >= 0x20 && rest.charCodeAt(j) <= 0x3f) j++;
      if (j >= rest.length) {
        // Could be the start of a paste marker or any key: wait, unless nothing more is coming.
        return timedOut ? { key: { kind: 'alt', text: '[' }, length: 2 } : 'incomplete';
      }
      const final = rest[j];
      if (rest.charCodeAt(j) < 0x40 || rest.charCodeAt(j) > 0x7e) return { key: null, length: j };
      return { key: csiKey(rest.slice(2, j), final), length: j + 1 };
    }
    if (next === 'O') {
      if (rest.length < 3) return timedOut ? { key: { kind: 'alt', text: 'O' }, length: 2 } : 'incomplete';
      const key = SS3_F[rest[2]] ?? CSI_FINAL[rest[2]];
      return { key: key && key.kind !== 'focus' ? key : null, length: 3 };
    }
    if (next === ']' || next === 'P' || next === '_' || next === '^') {
      // OSC / DCS / APC / PM: terminal replies (OSC 52 clipboard, OSC 10/11 colours, XTGETTCAP),
      // ended by BEL or ST (ESC \). Dropped whole, however they are split; the background colour is read.
      for (let j = 2; j < rest.length; j++) {
        if (rest[j] === BEL && next === ']') return { key: oscKey(rest.slice(2, j)), length: j + 1 };
        if (rest[j] === ESC) {
          if (j + 1 >= rest.length) return 'incomplete';
          if (rest[j + 1] === '\\') return { key: next === ']' ? oscKey(rest.slice(2, j)) : null, length: j + 2 };
        }
      }
      return 'incomplete';
    }
    if (next === ESC) return { key: { kind: 'escape' }, length: 1 };
    const ctrl = controlKey(next);
    if (ctrl?.kind === 'enter') return { key: { kind: 'newline' }, length: 2 };
    if (ctrl?.kind === 'backspace') return { key: { kind: 'alt', text: '\x7f' }, length: 2 };
    if (ctrl) return { key: { kind: 'escape' }, length: 1 };
    // Alt + a character (a whole surrogate pair when it is one).
    const cp = rest.codePointAt(1)!;
    const len = cp > 0xffff ? 2 : 1;
    return { key: { kind: 'alt', text: rest.slice(1, 1 + len) }, length: 1 + len };
  }
}

/** Every key in one complete chunk of input (tests, and input known to be whole). */
export function parseKeys(data: string): Key[] {
  const p = new KeyParser();
  return [...p.feed(data), ...p.timeout()];
}

/** An OSC reply as a key: the background colour (`11;rgb:RRRR/GGGG/BBBB`, 1-4 hex digits a channel); others none. */
function oscKey(body: string): Key | null {
  const m = /^11;rgba?:([0-9a-f]{1,4})\/([0-9a-f]{1,4})\/([0-9a-f]{1,4})/i.exec(body);
  if (!m) return null;
  const channel = (h: string) => Math.round((parseInt(h, 16) / (16 ** h.length - 1)) * 255);
  return { kind: 'background', rgb: [channel(m[1]), channel(m[2]), channel(m[3])] };
}
