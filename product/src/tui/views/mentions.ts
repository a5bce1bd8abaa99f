// The `@` Mentions popup over the composer, as upstream 0.171.0 draws it: a title, filter tabs, the
// query, the matching files (name, folder, kind) and a key hint. ↑/↓ move, Enter/Tab put the
// highlighted path in place of the `@` word, Esc closes it, ←/→ switch the filter tab.
import { routed, type Routed } from '../input/effects.ts';
import { insertMention, MENTION_TABS, type MentionMatch } from '../mentions.ts';
import type { Span, Style } from '../screen/canvas.ts';
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';

/** Rows of results the popup shows at once. */
export const MENTION_ROWS = 8;

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };
const CYAN: Style = { fg: 6 };

export function mentionsKey(s: ChatState, k: Key): Routed | null {
  if (s.popup?.kind !== 'mentions') return null;
  const { matches, query } = s.popup;
  const choice = Math.min(s.mentions?.choice ?? 0, Math.max(0, matches.length - 1));
  const tab = s.mentions?.tab ?? 0;
  switch (k.kind) {
    case 'up':
    case 'down': {
      if (!matches.length) return routed();
      const n = matches.length;
      return routed([{ type: 'mentions', change: { choice: (choice + (k.kind === 'up' ? -1 : 1) + n) % n } }]);
    }
    case 'left':
    case 'right': {
      const n = MENTION_TABS.length;
      return routed([{ type: 'mentions', change: { tab: (tab + (k.kind === 'left' ? -1 : 1) + n) % n, choice: 0 } }]);
    }
    case 'tab':
    case 'enter': {
      const chosen = matches[choice];
      if (!chosen) return routed([{ type: 'mentions', change: { closedFor: query } }]);
      return routed([{ type: 'set-composer-state', composer: insertMention(s.composer, chosen.path) }]);
    }
    case 'escape':
      return routed([{ type: 'mentions', change: { closedFor: query } }]);
    default:
      return null;
  }
}

/** One popup row: spans, and the style of the rest of the row. */
export interface PopupRow {
  spans: Span[];
  fill?: Style;
}

/** The popup's rows, top to bottom: always the same height, results padded with blank rows. */
export function mentionsRows(query: string, matches: readonly MentionMatch[], choice: number, tab: number, cols: number): PopupRow[] {
  const tabs: Span[] = [{ text: '  ' }];
  MENTION_TABS.forEach((name, i) => {
    if (i) tabs.push({ text: ' ' });
    tabs.push({ text: ` ${name} `, style: i === tab ? { bold: true, underline: true } : DIM });
  });
  const top = Math.max(0, Math.min(choice - MENTION_ROWS + 1, matches.length - MENTION_ROWS));
  const shown = matches.slice(top, top + MENTION_ROWS);
  const w = Math.max(0, ...shown.map((m) => m.name.length)) + 2;
  // The kind (File or Dir) starts six columns short of the edge.
  const KIND = 4;
  const results: PopupRow[] = shown.map((m, k) => {
    const kind = (m.isDir ? 'Dir' : 'File').padEnd(KIND);
    const middle = (m.name.padEnd(w) + m.dir).slice(0, Math.max(0, cols - 4 - KIND));
    const gap = ' '.repeat(Math.max(0, cols - 4 - middle.length - KIND));
    if (top + k === choice) {
      const style: Style = { bold: true, reverse: true };
      return { spans: [{ text: `› ${middle}${gap}${kind}  `.trimEnd(), style }], fill: style };
    }
    // Where the query matched in the folder part shows in bold; a directory's name is not coloured.
    const start = m.name.length;
    const inDir = new Set((m.hits ?? []).filter((h) => h < m.dir.length && m.dir !== './').map((h) => w + h));
    const rest: Span[] = [];
    const tail = middle.slice(start) + gap;
    for (let i = 0; i < tail.length; ) {
      const bold = inDir.has(start + i);
      let j = i + 1;
      while (j < tail.length && inDir.has(start + j) === bold) j++;
      rest.push({ text: tail.slice(i, j), style: bold ? { bold: true, dim: true } : DIM });
      i = j;
    }
    const plain: Style = m.isDir ? {} : CYAN;
    return { spans: [{ text: '  ' }, { text: middle.slice(0, start), style: plain }, ...rest, { text: kind.trimEnd(), style: plain }] };
  });
  if (!matches.length) results.push({ spans: [{ text: '  ' }, { text: 'no matches', style: { italic: true } }] });
  while (results.length < MENTION_ROWS + 1) results.push({ spans: [] });
  return [
    { spans: [{ text: '  ' }, { text: 'Mentions', style: BOLD }] },
    { spans: [{ text: '  ' }, { text: 'Files, directories, plugins, skills and tasks', style: DIM }] },
    { spans: [] },
    { spans: tabs },
    { spans: [] },
    { spans: [{ text: '  ' }, { text: query || 'Type to search mentions', style: DIM }] },
    { spans: [] },
    ...results,
    {
      spans: [
        { text: '  ' },
        { text: 'enter/tab', style: BOLD },
        { text: ' insert · ', style: DIM },
        { text: 'esc', style: BOLD },
        { text: ' close · ', style: DIM },
        { text: '↑/↓', style: BOLD },
        { text: ' select · ', style: DIM },
        { text: '←/→', style: BOLD },
        { text: ' filter', style: DIM },
      ],
    },
  ];
}
