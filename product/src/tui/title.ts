// The terminal window's title and `/title`, which chooses what it shows: upstream 0.171.0's items
// (`[tui] terminal_title` in config.toml, by id, in order; by default the activity spinner, the
// thread's name and the project), its picker (./views/multi-select.ts) with upstream's names,
// descriptions and preview. The preview fills in what csm does not know with upstream's sample
// values, as upstream's does; the title itself leaves such items out.
import { contextPercentLeft } from './status-line.ts';
import { openMultiSelect, type MultiSelect } from './views/multi-select.ts';

/** Upstream's items, in the picker's order. */
export const TITLE_ITEMS: ReadonlyArray<{ id: string; description: string }> = [
  { id: 'activity', description: 'Spinner while working, action-required message while blocked' },
  { id: 'thread-name', description: 'Current thread name (omitted when unnamed)' },
  { id: 'project-name', description: 'Project name (falls back to current directory name)' },
  { id: 'app-name', description: 'Codex app name' },
  { id: 'current-dir', description: 'Current working directory' },
  { id: 'run-state', description: 'Compact session run-state text (Ready, Working, Thinking)' },
  { id: 'thread-title', description: 'Current thread title, or thread identifier when unnamed' },
  { id: 'git-branch', description: 'Current Git branch (omitted when unavailable)' },
  { id: 'context-remaining', description: 'Percentage of context window remaining (omitted when unknown)' },
  { id: 'context-used', description: 'Percentage of context window used (omitted when unknown)' },
  { id: 'five-hour-limit', description: 'Remaining usage on the primary usage limit (omitted when unavailable)' },
  { id: 'weekly-limit', description: 'Remaining usage on the secondary usage limit (omitted when unavailable)' },
  { id: 'codex-version', description: 'Codex application version' },
  { id: 'used-tokens', description: 'Total tokens used in session (omitted when zero)' },
  { id: 'total-input-tokens', description: 'Total input tokens used in session' },
  { id: 'total-output-tokens', description: 'Total output tokens used in session' },
  { id: 'thread-credits', description: 'Estimated current-thread credits (Enterprise workspaces only; omitted when unavailable)' },
  { id: 'estimated-thread-cost', description: 'Estimated current-thread cost (Enterprise workspaces only; omitted when unavailable)' },
  { id: 'thread-id', description: 'Current thread identifier (omitted until thread starts)' },
  { id: 'fast-mode', description: 'Effective processing tier for the current model' },
  { id: 'daybreak', description: 'Whether Daybreak is enabled for this thread' },
  { id: 'model', description: 'Current model name' },
  { id: 'model-with-reasoning', description: 'Current model name with reasoning level' },
  { id: 'reasoning', description: 'Current reasoning level' },
  { id: 'task-progress', description: 'Latest task progress from update_plan (omitted until available)' },
];

export const DEFAULT_TITLE_ITEMS: readonly string[] = ['activity', 'thread-name', 'project-name'];

/** Older ids upstream still reads for these items. */
const ALIASES: Readonly<Record<string, string>> = {
  spinner: 'activity',
  project: 'project-name',
  status: 'run-state',
  thread: 'thread-title',
  'session-id': 'thread-id',
  'model-name': 'model',
  'context-usage': 'context-used',
};

/** `[tui] terminal_title`: the known ids in their order (aliases read, repeats and unknown ids left out), or the default. */
export function titleItems(tui: Record<string, unknown> | undefined): readonly string[] {
  const v = tui?.terminal_title;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return DEFAULT_TITLE_ITEMS;
  const known = new Set(TITLE_ITEMS.map((i) => i.id));
  return [...new Set(v.map((id) => ALIASES[id] ?? id).filter((id) => known.has(id)))];
}

/** What the title can say about the session now. */
export interface TitleFacts {
  product: string;
  version: string;
  /** the working directory as shown (~ for home) */
  cwdLabel: string;
  title: string | null;
  threadId: string | null;
  model: string;
  effort: string | null;
  fast: boolean;
  running: boolean;
  /** the spinner's glyph now (while running) */
  spinner: string;
  context: { used: number; window: number } | null;
  usage: { input: number; output: number };
}

const folderOf = (cwdLabel: string) => cwdLabel.split('/').filter(Boolean).at(-1) ?? cwdLabel;

/** An item's value now, or null when it is unknown or empty (the title leaves it out). */
function value(id: string, f: TitleFacts): string | null {
  const left = f.context ? contextPercentLeft(f.context.used, f.context.window) : null;
  switch (id) {
    case 'activity':
      return f.running ? f.spinner : null;
    case 'thread-name':
      return f.title;
    case 'project-name':
      return folderOf(f.cwdLabel);
    case 'app-name':
      return f.product;
    case 'current-dir':
      return f.cwdLabel;
    case 'run-state':
      return f.running ? 'Working' : 'Ready';
    case 'thread-title':
      return f.title ?? f.threadId;
    case 'context-remaining':
      return left === null ? null : `Context ${left}% left`;
    case 'context-used':
      return left === null ? null : `Context ${100 - left}% used`;
    case 'codex-version':
      return f.version;
    case 'used-tokens':
      return f.usage.input + f.usage.output ? `${f.usage.input + f.usage.output} used` : null;
    case 'total-input-tokens':
      return `${f.usage.input} in`;
    case 'total-output-tokens':
      return `${f.usage.output} out`;
    case 'thread-id':
      return f.threadId;
    case 'fast-mode':
      return f.fast ? 'Fast on' : 'Fast off';
    case 'model':
      return f.model;
    case 'model-with-reasoning':
      return `${f.model} ${f.effort ?? 'default'}`;
    case 'reasoning':
      return f.effort ?? 'default';
    default:
      // Branch, limits, credits, cost, Daybreak, task progress: csm does not track them.
      return null;
  }
}

/** Upstream's sample values for the preview, where the session has nothing to show yet. */
const SAMPLES: Readonly<Record<string, string>> = {
  'thread-name': 'thread name',
  'git-branch': 'feat/awesome-feature',
  'context-remaining': 'Context 0% left',
  'context-used': 'Context 0% used',
  'five-hour-limit': 'primary 0%',
  'weekly-limit': 'secondary 0%',
  'used-tokens': '0 used',
  'thread-credits': '5.2 credits',
  'estimated-thread-cost': '~$1.82',
  daybreak: 'Daybreak off',
  'task-progress': 'Tasks 0/0',
};

/** The items joined as upstream joins them: ` | ` between, a plain space beside the spinner. */
function join(parts: Array<{ id: string; text: string }>): string {
  return parts.map((p, i) => (i === 0 ? p.text : `${p.id === 'activity' || parts[i - 1].id === 'activity' ? ' ' : ' | '}${p.text}`)).join('');
}

/** The window title for these items now (control characters made spaces: it goes into an OSC sequence). */
export function titleText(items: readonly string[], f: TitleFacts): string {
  const parts = items.flatMap((id) => {
    const text = value(id, f);
    return text ? [{ id, text }] : [];
  });
  return join(parts).replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** The preview line under the picker: with the activity item, as the title reads when an action waits for the person. */
export function titlePreview(items: readonly string[], f: TitleFacts): string | null {
  const parts = items.filter((id) => id !== 'activity').flatMap((id) => {
    const text = value(id, { ...f, running: false }) ?? SAMPLES[id] ?? null;
    return text ? [{ id, text }] : [];
  });
  if (items.includes('activity')) return ['[ ! ] Action Required', ...parts.map((p) => p.text)].join(' | ');
  return parts.length ? join(parts) : null;
}

/** `/title`'s picker: the configured items first, switched on, then the rest in upstream's order. */
export function titlePicker(current: readonly string[], facts: TitleFacts): MultiSelect {
  const rest = TITLE_ITEMS.filter((i) => !current.includes(i.id)).map((i) => i.id);
  const description = new Map(TITLE_ITEMS.map((i) => [i.id, i.description]));
  return openMultiSelect({
    id: 'title',
    title: 'Configure Terminal Title',
    subtitle: 'Select which items to display in the terminal title.',
    items: [...current.map((id) => ({ id, on: true })), ...rest.map((id) => ({ id, on: false }))].map(({ id, on }) => ({ id, name: id, description: description.get(id) ?? '', on })),
    preview: (ids) => titlePreview(ids, facts),
  });
}
