// Colours a shell command the way the TUI shows commands: program names, their arguments, and the
// operators between them (a small tokenizer, not a shell parser: quotes stay inside their word).
import type { Span } from './screen/canvas.ts';

export const SHELL_COLOURS = { program: '#89b4fa', text: '#cdd6f4', operator: '#94e2d5' } as const;

const TOKEN = /(\s+)|(&&|\|\||;;|[|;&]|\d?>>?|<<?|\(|\))|((?:'[^']*'|"(?:\\.|[^"\\])*"|\\.|[^\s|;&<>()])+)/gy;

export function highlightBash(cmd: string): Span[] {
  const spans: Span[] = [];
  let expectProgram = true;
  const push = (text: string, fg: string) => {
    const last = spans[spans.length - 1];
    if (last && last.style?.fg === fg) last.text += text;
    else spans.push({ text, style: { fg } });
  };
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < cmd.length && (m = TOKEN.exec(cmd))) {
    at = TOKEN.lastIndex;
    if (m[1]) push(m[1], SHELL_COLOURS.text);
    else if (m[2]) {
      push(m[2], SHELL_COLOURS.operator);
      // After a redirection comes a file name; after a separator, a new program.
      expectProgram = !/[<>]/.test(m[2]);
    } else if (m[3]) {
      const isAssignment = expectProgram && /^\w+=/.test(m[3]);
      push(m[3], expectProgram && !isAssignment ? SHELL_COLOURS.program : SHELL_COLOURS.text);
      if (!isAssignment) expectProgram = false;
    }
  }
  if (at < cmd.length) push(cmd.slice(at), SHELL_COLOURS.text);
  return spans;
}
