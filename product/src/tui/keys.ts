// Raw terminal input → key events. Only what the TUI binds; anything else is ignored.
export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' }
  /** Ctrl-J: a line break in the composer */
  | { kind: 'newline' }
  /** bracketed paste: the pasted text, newlines included, as one key */
  | { kind: 'paste'; text: string }
  | { kind: 'delete' }
  | { kind: 'ctrl-a' }
  | { kind: 'ctrl-e' }
  | { kind: 'ctrl-u' }
  | { kind: 'backspace' }
  | { kind: 'ctrl-c' }
  | { kind: 'ctrl-d' }
  | { kind: 'escape' }
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'left' }
  | { kind: 'right' }
  | { kind: 'tab' }
  | { kind: 'pageup' }
  | { kind: 'pagedown' }
  | { kind: 'home' }
  | { kind: 'end' };

const CSI: Record<string, Key> = {
  A: { kind: 'up' },
  B: { kind: 'down' },
  C: { kind: 'right' },
  D: { kind: 'left' },
  H: { kind: 'home' },
  F: { kind: 'end' },
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
};

/** Splits one chunk of terminal input into keys (a paste arrives as one text key). */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  let text = '';
  const flush = () => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i];
    if (ch === '\x1b') {
      flush();
      // CSI / SS3 sequences: ESC [ params final, ESC O final.
      if (data[i + 1] === '[' || data[i + 1] === 'O') {
        let j = i + 2;
        while (j < data.length && !/[@-~]/.test(data[j])) j++;
        const final = data[j];
        if (final === '~' && data[i + 1] === '[') {
          // Modifiers (ESC [ 5 ; 2 ~) do not change the key.
          const key = TILDE[data.slice(i + 2, j).split(';')[0]];
          if (key) keys.push(key);
        } else if (final && CSI[final]) keys.push(CSI[final]);
        i = j;
      } else keys.push({ kind: 'escape' });
      continue;
    }
    if (ch === '\r') {
      flush();
      keys.push({ kind: 'enter' });
    } else if (ch === '\n') {
      flush();
      keys.push({ kind: 'newline' });
    } else if (ch === '\x01' || ch === '\x05' || ch === '\x15') {
      flush();
      keys.push({ kind: ch === '\x01' ? 'ctrl-a' : ch === '\x05' ? 'ctrl-e' : 'ctrl-u' });
    } else if (ch === '\x7f' || ch === '\b') {
      flush();
      keys.push({ kind: 'backspace' });
    } else if (ch === '\x03') {
      flush();
      keys.push({ kind: 'ctrl-c' });
    } else if (ch === '\x04') {
      flush();
      keys.push({ kind: 'ctrl-d' });
    } else if (ch === '\t') {
      flush();
      keys.push({ kind: 'tab' });
    } else if (ch >= ' ') text += ch;
  }
  flush();
  return keys;
}

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/**
 * parseKeys for a terminal in bracketed-paste mode: text between the paste markers comes back as
 * one paste key, however many input chunks it spans.
 */
export function createKeyParser(): (data: string) => Key[] {
  let pasting: string | null = null;
  return (data) => {
    const keys: Key[] = [];
    let rest = data;
    while (rest) {
      if (pasting !== null) {
        const end = rest.indexOf(PASTE_END);
        if (end < 0) {
          pasting += rest;
          break;
        }
        keys.push({ kind: 'paste', text: pasting + rest.slice(0, end) });
        pasting = null;
        rest = rest.slice(end + PASTE_END.length);
        continue;
      }
      const start = rest.indexOf(PASTE_START);
      if (start < 0) {
        keys.push(...parseKeys(rest));
        break;
      }
      keys.push(...parseKeys(rest.slice(0, start)));
      pasting = '';
      rest = rest.slice(start + PASTE_START.length);
    }
    return keys;
  };
}

export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\x1b[?2004l';
