// `/warnings` (and F2): upstream keeps the warnings a session raised (its configuration's, its
// startup's: an MCP server that failed to start) for review here, one page each: where it came
// from, what it says, and the detail shared by its kind. With none, the panel says so. ←/→ and k
// move between pages; Esc closes it.
import type { McpConnections } from '../core/mcp/connections.ts';
import { listRows, type ListView } from './views/list.ts';

export interface SessionWarning {
  /** what raised it (`MCP`) and about what (the server) */
  source: string;
  subject: string;
  text: string;
  /** a line under it (`MCP startup incomplete (failed: …)`) */
  detail?: string;
}

const KEYS: ListView['keys'] = [['k', 'keep & next'], ['esc', 'dismiss & close'], ['^o', 'copy'], ['←/→', 'warning']];

export function warningsList(warnings: readonly SessionWarning[] = [], page = 0): ListView {
  const w = warnings[page];
  return {
    id: 'warnings',
    title: w ? `Warnings · ${page + 1} of ${warnings.length} · ${w.source} · ${w.subject}` : 'Warnings',
    items: [],
    choice: page,
    empty: w ? { text: '', rows: 9, lines: [w.text, ...(w.detail ? ['', w.detail] : [])] } : { text: 'No warnings', rows: 9 },
    keys: KEYS,
    plainKeys: true,
    letters: 'k',
    arrows: true,
  };
}

/**
 * A key on the panel: k and → show the next warning (wrapping), ← the previous; Esc dismisses the
 * one shown and closes. The hidden cursor rests after the last row the new page changed, where
 * upstream's redraw leaves it.
 */
export function turnWarningsPage(warnings: SessionWarning[], shown: ListView | null, how: string, page: number, cols: number): { warnings: SessionWarning[]; list: ListView | null } {
  if (how === 'escape') return { warnings: warnings.filter((_, i) => i !== page), list: null };
  const count = warnings.length;
  if (!count) return { warnings, list: null };
  const next = how === 'left' ? (page - 1 + count) % count : how === 'k' || how === 'right' ? (page + 1) % count : page;
  const list = warningsList(warnings, next);
  if (!shown) return { warnings, list };
  const text = (l: ListView) => listRows(l, cols).map((r) => r.spans.map((s) => s.text).join(''));
  const [before, after] = [text(shown), text(list)];
  let row = after.length - 1;
  while (row > 0 && after[row] === before[row]) row--;
  return { warnings, list: { ...list, cursorRow: row } };
}

/** An MCP server's failure to start, as upstream raises it. */
export function mcpStartupWarnings(failures: ReadonlyArray<{ server: string; message: string }>): SessionWarning[] {
  const detail = `MCP startup incomplete (failed: ${failures.map((f) => f.server).join(', ')})`;
  return failures.map((f) => ({ source: 'MCP', subject: f.server, text: f.message, detail }));
}

/** The footer's count: `⚠ 3 warnings · f2 to view`. */
export function warningsHint(count: number): string {
  return `⚠ ${count} warning${count === 1 ? '' : 's'} · f2 to view`;
}

/** Once every MCP server started or failed, the failures become the session's warnings. */
export function watchMcpStartup(mcp: McpConnections | undefined, raise: (warnings: SessionWarning[]) => void): void {
  void mcp?.ready().then(() => {
    const failed = mcp.failures();
    if (failed.length) raise(mcpStartupWarnings(failed));
  });
}
