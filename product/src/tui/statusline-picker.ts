// `/statusline`: upstream 0.171.0's chooser for the footer's items (`[tui] status_line`), in the
// multi-select picker (./views/multi-select.ts): its "Use theme colors" switch (`[tui]
// status_line_use_colors`) above upstream's 33 items with their descriptions, the configured items
// first and switched on, typed letters matching names loosely, and a preview of the footer drawn as
// ./status-line.ts draws it. Enter saves both keys to config.toml.
import type { Span } from './screen/canvas.ts';
import { statusLineSpans, type StatusFields } from './status-line.ts';
import { openMultiSelect, type MultiSelect } from './views/multi-select.ts';

/** Upstream's items, in the chooser's order. */
export const STATUS_ITEMS: ReadonlyArray<{ id: string; description: string }> = [
  { id: 'model-with-reasoning', description: 'Current model name with reasoning level' },
  { id: 'current-dir', description: 'Current working directory' },
  { id: 'thread-name', description: 'Current thread name (omitted when unnamed)' },
  { id: 'model', description: 'Current model name' },
  { id: 'reasoning', description: 'Current reasoning level' },
  { id: 'project-name', description: 'Project name (omitted when unavailable)' },
  { id: 'hostname', description: 'Current machine hostname (omitted when unavailable)' },
  { id: 'git-branch', description: 'Current Git branch (omitted when unavailable)' },
  { id: 'pull-request-number', description: 'Open pull request number for the current branch (omitted when unavailable)' },
  { id: 'branch-changes', description: 'Committed branch changes against the default branch (omitted when unavailable)' },
  { id: 'run-state', description: 'Compact session run-state text (Ready, Working, Thinking)' },
  { id: 'permissions', description: 'Active permission profile or sandbox mode' },
  { id: 'approval-mode', description: 'Active command approval mode' },
  { id: 'context-remaining', description: 'Percentage of context window remaining (omitted when unknown)' },
  { id: 'context-used', description: 'Percentage of context window used (omitted when unknown)' },
  { id: 'five-hour-limit', description: 'Remaining usage on the primary usage limit (omitted when unavailable)' },
  { id: 'weekly-limit', description: 'Remaining usage on the secondary usage limit (omitted when unavailable)' },
  { id: 'codex-version', description: 'Codex application version' },
  { id: 'context-window-size', description: 'Total context window size in tokens (omitted when unknown)' },
  { id: 'used-tokens', description: 'Total tokens used in session (omitted when zero)' },
  { id: 'total-input-tokens', description: 'Total input tokens used in session' },
  { id: 'total-output-tokens', description: 'Total output tokens used in session' },
  { id: 'thread-credits', description: 'Estimated current-thread credits (Enterprise workspaces only; omitted when unavailable)' },
  { id: 'estimated-thread-cost', description: 'Estimated current-thread cost in USD (Enterprise workspaces only; omitted when unavailable)' },
  { id: 'thread-id', description: 'Current thread identifier (omitted until thread starts)' },
  { id: 'fast-mode', description: 'Effective processing tier for the current model' },
  { id: 'daybreak', description: 'Whether Daybreak is enabled for this thread' },
  { id: 'raw-output', description: 'Whether raw scrollback mode is active' },
  { id: 'thread-title', description: 'Current thread title, or thread identifier when unnamed' },
  { id: 'workspace-headline', description: 'Workspace notification headline (Enterprise workspaces only; omitted when unavailable)' },
  { id: 'task-progress', description: 'Latest task progress from update_plan (omitted until available)' },
  { id: 'profile', description: 'Config profile selected with --profile (omitted when unset)' },
  { id: 'provider', description: 'Model provider for the active thread' },
];

/** `[tui] status_line_use_colors` (on unless set false). */
export const statusLineColors = (tui: Record<string, unknown> | undefined): boolean => tui?.status_line_use_colors !== false;

/** The chooser over the current items; the preview names an unnamed thread as upstream's does. */
export function statusLinePicker(current: readonly string[], colors: boolean, fields: StatusFields, modelLabel: (m: string) => string): MultiSelect {
  const known = new Map(STATUS_ITEMS.map((i) => [i.id, i.description]));
  const on = current.filter((id) => known.has(id));
  const rest = STATUS_ITEMS.filter((i) => !on.includes(i.id)).map((i) => i.id);
  return openMultiSelect({
    id: 'statusline',
    title: 'Configure Status Line',
    subtitle: 'Select which items to display in the status line.',
    lead: { id: 'use-colors', name: 'Use theme colors', description: 'Apply colors from the active /theme', on: colors },
    fuzzy: true,
    items: [...on.map((id) => ({ id, on: true })), ...rest.map((id) => ({ id, on: false }))].map(({ id, on }) => ({ id, name: id, description: known.get(id) ?? '', on })),
    preview: (ids, useColors): Span[] | null => {
      const spans = statusLineSpans(ids, { ...fields, title: fields.title ?? 'thread name' }, modelLabel, useColors).slice(1);
      return spans.length ? spans : null;
    },
  });
}

/** What Enter in the chooser saves: the items switched on, in order, and whether they are coloured. */
export function statusLineChoice(m: MultiSelect): { items: string[]; colors: boolean } {
  return { items: m.items.filter((i) => i.on).map((i) => i.id), colors: m.lead?.on ?? true };
}
