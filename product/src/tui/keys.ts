// Raw terminal input → key events. Only what the TUI binds; anything else is ignored.
export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' }
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
    if (ch === '\r' || ch === '\n') {
      flush();
      keys.push({ kind: 'enter' });
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
