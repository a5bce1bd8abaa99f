// `/ps`: the commands still running after their calls returned (background terminals), as upstream
// lists them: the command echoed, a bold heading, then one italic line each (or that there are none).
import type { Span } from './screen/canvas.ts';

/** `/bin/bash -lc 'cmd'` → `cmd`; any other argv joined with spaces. */
function shown(command: readonly string[]): string {
  return command.length === 3 && /(^|\/)(ba|z)?sh$/.test(command[0]) && /^-l?c$/.test(command[1]) ? command[2] : command.join(' ');
}

export function backgroundLines(running: ReadonlyArray<{ id: number; command: readonly string[] }>): Span[][] {
  const items = running.length ? running.map((r) => `  • ${shown(r.command)}`) : ['  • No background terminals running.'];
  return [[{ text: '/ps', style: { fg: 5 } }], [], [{ text: 'Background terminals', style: { bold: true } }], [], ...items.map((text) => [{ text, style: { italic: true } }])];
}
