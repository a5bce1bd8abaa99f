// Key names used by scenario steps → the bytes a terminal sends for them.
const NAMED: Record<string, string> = {
  Enter: '\r',
  Esc: '\x1b',
  Tab: '\t',
  Backspace: '\x7f',
  Up: '\x1b[A',
  Down: '\x1b[B',
  Right: '\x1b[C',
  Left: '\x1b[D',
  Home: '\x1b[H',
  End: '\x1b[F',
  PageUp: '\x1b[5~',
  PageDown: '\x1b[6~',
};
const F_KEYS = ['\x1bOP', '\x1bOQ', '\x1bOR', '\x1bOS', '\x1b[15~', '\x1b[17~', '\x1b[18~', '\x1b[19~', '\x1b[20~', '\x1b[21~', '\x1b[23~', '\x1b[24~'];

export function keyBytes(name: string): string {
  if (NAMED[name]) return NAMED[name];
  const ctrl = /^Ctrl-([A-Z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1].charCodeAt(0) - 64);
  const f = /^F(\d{1,2})$/.exec(name);
  if (f && +f[1] >= 1 && +f[1] <= 12) return F_KEYS[+f[1] - 1];
  if ([...name].length === 1) return name;
  throw new Error(`unknown key: ${name}`);
}

/** Bracketed paste, as a terminal sends it when the app enabled mode 2004. */
export function pasteBytes(text: string): string {
  return `\x1b[200~${text}\x1b[201~`;
}
