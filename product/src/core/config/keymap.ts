// `[tui.keymap.<context>]`: upstream 0.171.0's remappable TUI actions, their default keys, and the
// key-spec syntax a binding is written in. The catalogue (context, action, defaults, description)
// was read off upstream's `/keymap` browser; config validation, csm's key bindings and csm's own
// `/keymap` all read it from here.

/** One remappable action: `tui.keymap.<context>.<action>`, its built-in keys and what it does. */
export interface KeymapAction {
  context: string;
  action: string;
  /** canonical key specs; empty: unbound by default */
  defaults: readonly string[];
  description: string;
}

type Row = [context: string, action: string, defaults: string[], description: string];

// prettier-ignore
const ROWS: Row[] = [
  ["global", "focus_main_composer", ["leader c"], "Focus the main conversation composer."],
  ["global", "focus_sidebar_tabs", ["leader t"], "Open the sidebar tab chooser."],
  ["global", "focus_sidebar_content", ["leader s"], "Focus the side conversation, or hide it when already focused."],
  ["global", "hide_pane", ["leader minus"], "Hide the focused sidebar pane."],
  ["global", "close_sidebar_tab", ["leader w"], "Close the active sidebar tab."],
  ["global", "sidebar_up", ["leader shift-tab","leader up","leader k"], "Switch to the previous sidebar tab."],
  ["global", "sidebar_down", ["leader tab","leader down","leader j"], "Switch to the next sidebar tab."],
  ["global", "focus_pane_left", ["leader left","leader h"], "Focus the parent conversation."],
  ["global", "focus_pane_right", ["leader right","leader l"], "Focus the open side conversation."],
  ["global", "minimize_pane_width", ["leader ,"], "Minimize the focused pane width."],
  ["global", "maximize_pane_width", ["leader ."], "Maximize the focused pane width."],
  ["global", "equalize_pane_widths", ["leader ="], "Equalize visible pane widths."],
  ["global", "resize_panes", ["leader r"], "Enter keyboard resize mode for visible dividers."],
  ["global", "move_divider_left", ["leader shift-h"], "Move the divider left when the side pane has focus."],
  ["global", "move_divider_right", ["leader shift-l"], "Move the divider right when the side pane has focus."],
  ["global", "toggle_pane_zoom", ["leader z"], "Zoom or restore the focused pane."],
  ["global", "open_agents", [], "Open the agent command center."],
  ["global", "open_transcript", ["ctrl-t"], "Open the transcript overlay."],
  ["global", "find_transcript", ["f3"], "Find text in the full transcript."],
  ["global", "focus_activity", ["f4"], "Focus transcript activity groups to expand or collapse their details."],
  ["global", "open_external_editor", ["ctrl-g"], "Open the current draft in an external editor."],
  ["global", "copy", ["ctrl-o"], "Copy the last agent response to the clipboard."],
  ["global", "clear_terminal", ["ctrl-l"], "Clear the terminal UI."],
  ["global", "toggle_vim_mode", [], "Turn Vim composer mode on or off."],
  ["global", "toggle_fast_mode", [], "Turn Fast mode on or off."],
  ["global", "toggle_raw_output", ["alt-r"], "Toggle raw scrollback mode."],
  ["global", "toggle_side_conversation", ["ctrl-/"], "Switch between a side conversation and its parent."],
  ["global", "leader", ["ctrl-x"], "Set the prefix used by shared leader shortcuts."],
  ["chat", "interrupt_turn", ["esc"], "Interrupt the active turn."],
  ["chat", "decrease_reasoning_effort", ["alt-,","shift-down"], "Decrease reasoning effort."],
  ["chat", "increase_reasoning_effort", ["alt-.","shift-up"], "Increase reasoning effort."],
  ["chat", "previous_permission_mode", [], "Switch to the previous available permission mode."],
  ["chat", "next_permission_mode", [], "Switch to the next available permission mode."],
  ["chat", "edit_queued_message", ["shift-left","alt-up"], "Move forward through questions, then edit the last queued message."],
  ["chat", "prompt_stack_back", ["shift-right","alt-down"], "Move back through questions toward the composer."],
  ["chat", "skip_question", ["ctrl-]"], "Skip the focused question."],
  ["chat", "toggle_voice", ["f8"], "Start or stop a voice conversation."],
  ["chat", "open_presets", ["leader p"], "Run or save reusable inputs."],
  ["chat", "toggle_voice_mute", ["f9"], "Mute or unmute the voice microphone."],
  ["composer", "submit", ["enter"], "Submit the current composer draft."],
  ["composer", "queue", ["tab"], "Queue the draft while a task is running."],
  ["composer", "toggle_shortcuts", ["?","shift-?"], "Show or hide the composer shortcut overlay."],
  ["composer", "history_search_previous", ["ctrl-r"], "Open history search or move to the previous match."],
  ["composer", "history_search_next", ["ctrl-s"], "Move to the next history search match."],
  ["composer", "undo", ["alt-z","f7"], "Undo the last composer edit."],
  ["composer", "redo", ["alt-shift-z","shift-f7"], "Redo the last composer edit."],
  ["editor", "insert_newline", ["ctrl-j","ctrl-m","enter","shift-enter","alt-enter"], "Insert a newline in the editor."],
  ["editor", "move_left", ["left","ctrl-b"], "Move the cursor left."],
  ["editor", "move_right", ["right","ctrl-f"], "Move the cursor right."],
  ["editor", "move_up", ["up","ctrl-p"], "Move the cursor up."],
  ["editor", "move_down", ["down","ctrl-n"], "Move the cursor down."],
  ["editor", "move_word_left", ["alt-b","alt-left","ctrl-left"], "Move to the beginning of the previous word."],
  ["editor", "move_word_right", ["alt-f","alt-right","ctrl-right"], "Move to the end of the next word."],
  ["editor", "move_line_start", ["home","ctrl-a","super-left"], "Move to the beginning of the line."],
  ["editor", "move_line_end", ["end","ctrl-e","super-right"], "Move to the end of the line."],
  ["editor", "delete_backward", ["backspace","shift-backspace","ctrl-h"], "Delete one grapheme to the left."],
  ["editor", "delete_forward", ["delete","shift-delete","ctrl-d"], "Delete one grapheme to the right."],
  ["editor", "delete_backward_word", ["alt-backspace","ctrl-backspace","ctrl-shift-backspace","ctrl-w","ctrl-alt-h"], "Delete the previous word."],
  ["editor", "delete_forward_word", ["alt-delete","ctrl-delete","ctrl-shift-delete","alt-d"], "Delete the next word."],
  ["editor", "kill_line_start", ["ctrl-u","super-backspace"], "Delete from cursor to line start."],
  ["editor", "kill_whole_line", [], "Delete the current line."],
  ["editor", "kill_line_end", ["ctrl-k"], "Delete from cursor to line end."],
  ["editor", "yank", ["ctrl-y"], "Paste the kill buffer."],
  ["vim_normal", "enter_insert", ["i"], "Enter insert mode at the cursor."],
  ["vim_normal", "append_after_cursor", ["a"], "Enter insert mode after the cursor."],
  ["vim_normal", "append_line_end", ["shift-a"], "Enter insert mode at end of line."],
  ["vim_normal", "insert_line_start", ["shift-i"], "Enter insert mode at the first non-blank character."],
  ["vim_normal", "open_line_below", ["o"], "Open a new line below and enter insert mode."],
  ["vim_normal", "open_line_above", ["shift-o"], "Open a new line above and enter insert mode."],
  ["vim_normal", "enter_replace_mode", ["shift-r"], "Enter replace mode and overwrite characters."],
  ["vim_normal", "move_left", ["h","left"], "Move left in Vim normal mode."],
  ["vim_normal", "move_right", ["l","right"], "Move right in Vim normal mode."],
  ["vim_normal", "move_up", ["k","up"], "Move up or recall older history in Vim normal mode."],
  ["vim_normal", "move_down", ["j","down"], "Move down or recall newer history in Vim normal mode."],
  ["vim_normal", "move_word_forward", ["w"], "Move to the start of the next word."],
  ["vim_normal", "move_word_backward", ["b"], "Move to the start of the previous word."],
  ["vim_normal", "move_word_end", ["e"], "Move to the end of the current or next word."],
  ["vim_normal", "move_line_start", ["0"], "Move to the start of the line."],
  ["vim_normal", "move_line_end", ["$","shift-$"], "Move to the end of the line."],
  ["vim_normal", "find_forward", ["f"], "Find the next character on the current line."],
  ["vim_normal", "find_backward", ["shift-f"], "Find the previous character on the current line."],
  ["vim_normal", "till_forward", ["t"], "Stop before the next character on the current line."],
  ["vim_normal", "till_backward", ["shift-t"], "Stop after the previous character on the current line."],
  ["vim_normal", "jump_top", ["g g"], "Jump to the first buffer line."],
  ["vim_normal", "jump_bottom", ["shift-g"], "Jump to the last buffer line."],
  ["vim_normal", "delete_char", ["x"], "Delete the character under the cursor."],
  ["vim_normal", "replace_char", ["r"], "Replace the character under the cursor."],
  ["vim_normal", "repeat_last_change", ["."], "Repeat the last complete edit."],
  ["vim_normal", "substitute_char", ["s"], "Delete the character under the cursor and enter insert mode."],
  ["vim_normal", "delete_to_line_end", ["shift-d"], "Delete from cursor to end of line."],
  ["vim_normal", "change_to_line_end", ["shift-c"], "Change from cursor to end of line and enter insert mode."],
  ["vim_normal", "yank_line", ["shift-y"], "Yank the entire line."],
  ["vim_normal", "paste_after", ["p"], "Paste after the cursor."],
  ["vim_normal", "start_delete_operator", ["d"], "Begin a delete operator and wait for a motion."],
  ["vim_normal", "start_yank_operator", ["y"], "Begin a yank operator and wait for a motion."],
  ["vim_normal", "start_change_operator", ["c"], "Begin a change operator and wait for a motion or text object."],
  ["vim_normal", "undo", ["u"], "Undo the last complete edit."],
  ["vim_normal", "redo", ["ctrl-r"], "Redo the last undone edit."],
  ["vim_normal", "cancel_operator", ["esc"], "Cancel a pending Vim operator."],
  ["vim_search", "forward", ["/"], "Search forward in the active buffer."],
  ["vim_search", "backward", ["?","shift-?"], "Search backward in the active buffer."],
  ["vim_search", "next", ["n"], "Repeat the accepted search."],
  ["vim_search", "previous", ["shift-n"], "Repeat the search in the opposite direction."],
  ["vim_operator", "delete_line", ["d"], "Repeat delete operator to delete the whole line."],
  ["vim_operator", "yank_line", ["y"], "Repeat yank operator to yank the whole line."],
  ["vim_operator", "motion_left", ["h"], "Operator motion left."],
  ["vim_operator", "motion_right", ["l"], "Operator motion right."],
  ["vim_operator", "motion_up", ["k"], "Operator motion up."],
  ["vim_operator", "motion_down", ["j"], "Operator motion down."],
  ["vim_operator", "motion_word_forward", ["w"], "Operator motion to start of next word."],
  ["vim_operator", "motion_word_backward", ["b"], "Operator motion to start of previous word."],
  ["vim_operator", "motion_word_end", ["e"], "Operator motion to end of word."],
  ["vim_operator", "motion_line_start", ["0"], "Operator motion to line start."],
  ["vim_operator", "motion_line_end", ["$","shift-$"], "Operator motion to line end."],
  ["vim_operator", "motion_find_forward", ["f"], "Operator motion to the next character on the current line."],
  ["vim_operator", "motion_find_backward", ["shift-f"], "Operator motion to the previous character on the current line."],
  ["vim_operator", "motion_till_forward", ["t"], "Stop before the next character on the current line."],
  ["vim_operator", "motion_till_backward", ["shift-t"], "Stop after the previous character on the current line."],
  ["vim_operator", "motion_jump_top", ["g g"], "Operator motion to the first buffer line."],
  ["vim_operator", "motion_jump_bottom", ["shift-g"], "Operator motion to the last buffer line."],
  ["vim_operator", "select_inner_text_object", ["i"], "Select an inner text object."],
  ["vim_operator", "select_around_text_object", ["a"], "Select an around text object."],
  ["vim_operator", "cancel", ["esc"], "Cancel the pending operator."],
  ["vim_text_object", "word", ["w"], "Target the current word."],
  ["vim_text_object", "big_word", ["shift-w"], "Target the current WORD."],
  ["vim_text_object", "parentheses", ["(","shift-(",")","shift-)","b"], "Target enclosing parentheses."],
  ["vim_text_object", "brackets", ["[","]"], "Target enclosing brackets."],
  ["vim_text_object", "braces", ["{","shift-{","}","shift-}","shift-b"], "Target enclosing braces."],
  ["vim_text_object", "double_quote", ["\"","shift-\""], "Target enclosing double quotes."],
  ["vim_text_object", "single_quote", ["'"], "Target enclosing single quotes."],
  ["vim_text_object", "backtick", ["`"], "Target enclosing backticks."],
  ["vim_text_object", "cancel", ["esc"], "Cancel the pending text object."],
  ["pager", "scroll_up", ["up","k"], "Scroll up by one row."],
  ["pager", "scroll_down", ["down","j"], "Scroll down by one row."],
  ["pager", "page_up", ["page-up","shift-space","ctrl-b"], "Scroll up by one page."],
  ["pager", "page_down", ["page-down","space","ctrl-f"], "Scroll down by one page."],
  ["pager", "half_page_up", ["ctrl-u"], "Scroll up by half a page."],
  ["pager", "half_page_down", ["ctrl-d"], "Scroll down by half a page."],
  ["pager", "jump_top", ["home"], "Jump to the beginning."],
  ["pager", "jump_bottom", ["end"], "Jump to the end."],
  ["pager", "close", ["q","ctrl-c"], "Close the pager overlay."],
  ["pager", "close_transcript", ["ctrl-t"], "Close the transcript overlay."],
  ["pager", "find", ["f3","/"], "Find text in a transcript pager."],
  ["pager", "mark_markdown", ["leader v"], "Mark table cells in transcript selection mode."],
  ["list", "move_up", ["up","ctrl-p","ctrl-k","k"], "Move list selection up."],
  ["list", "move_down", ["down","ctrl-n","ctrl-j","j"], "Move list selection down."],
  ["list", "move_left", ["left","ctrl-h"], "Move horizontally left in list pickers."],
  ["list", "move_right", ["right","ctrl-l"], "Move horizontally right in list pickers."],
  ["list", "page_up", ["page-up","ctrl-b"], "Move list selection up by one page."],
  ["list", "page_down", ["page-down","ctrl-f"], "Move list selection down by one page."],
  ["list", "jump_top", ["home"], "Jump to the first list item."],
  ["list", "jump_bottom", ["end"], "Jump to the last list item."],
  ["list", "accept", ["enter"], "Accept the current list selection."],
  ["list", "cancel", ["esc"], "Cancel and close selection views."],
  ["agents", "resume", ["o"], "Open the session resume picker."],
  ["agents", "search", ["f3","/"], "Search the available agent tasks."],
  ["agents", "new_task", ["n"], "Open a new session in the selected checkout."],
  ["agents", "new_worktree", ["w"], "Open a new session in a worktree from the project default branch."],
  ["agents", "fork", ["f"], "Fork the selected conversation and open the new session."],
  ["agents", "rename", ["r"], "Rename the selected task."],
  ["agents", "stop", ["x"], "Stop the selected running task."],
  ["agents", "archive", ["a"], "Archive the selected task and its child agents."],
  ["agents", "delete", ["backspace"], "Permanently delete the selected task and its child agents."],
  ["agents", "hide", ["h"], "Hide the selected task until explicitly resumed."],
  ["agents", "toggle_grouping", ["g"], "Cycle task grouping by project, directory, status, or model."],
  ["approval", "open_fullscreen", ["ctrl-a","ctrl-shift-a"], "Open approval details fullscreen."],
  ["approval", "open_thread", ["o"], "Open the approval source thread when available."],
  ["approval", "approve", ["y"], "Approve the primary option."],
  ["approval", "approve_for_session", ["a"], "Approve for the session when available."],
  ["approval", "approve_for_prefix", ["p"], "Approve with an exec-policy prefix when available."],
  ["approval", "deny", ["d"], "Choose the explicit deny option when available."],
  ["approval", "decline", ["esc","n"], "Decline and provide corrective guidance."],
  ["approval", "cancel", ["c"], "Cancel an elicitation request."],];

export const KEYMAP_ACTIONS: readonly KeymapAction[] = ROWS.map(([context, action, defaults, description]) => ({ context, action, defaults, description }));

/** The contexts, in the order upstream lists them. */
export const KEYMAP_CONTEXTS: readonly string[] = [...new Set(KEYMAP_ACTIONS.map((a) => a.context))];

/** Actions `global` may also set, as a fallback for the composer's own (upstream's precedence: context, then global, then default). */
const GLOBAL_FALLBACKS = ['submit', 'queue', 'toggle_shortcuts'] as const;

const byId = new Map(KEYMAP_ACTIONS.map((a) => [`${a.context}.${a.action}`, a]));
export const keymapAction = (context: string, action: string): KeymapAction | undefined => byId.get(`${context}.${action}`);

function allowed(context: string, action: string): boolean {
  return byId.has(`${context}.${action}`) || (context === 'global' && (GLOBAL_FALLBACKS as readonly string[]).includes(action));
}

const MAX_FUNCTION_KEY = 24;
const MAX_STROKES = 2;
const NAMED = new Set(['enter', 'tab', 'backspace', 'esc', 'delete', 'up', 'down', 'left', 'right', 'home', 'end', 'page-up', 'page-down', 'space', 'minus']);
const ALIASES: Record<string, string> = { escape: 'esc', return: 'enter', spacebar: 'space', pgup: 'page-up', pageup: 'page-up', pgdn: 'page-down', pagedown: 'page-down', del: 'delete' };
const MODIFIERS: Record<string, string> = { ctrl: 'ctrl', control: 'ctrl', alt: 'alt', option: 'alt', shift: 'shift', super: 'super', cmd: 'super', command: 'super' };
const MODIFIER_ORDER = ['ctrl', 'alt', 'shift', 'super'];

/** A spec that cannot be read; `message` says why in the person's terms. */
export class KeySpecError extends Error {}

function normalizeStroke(raw: string, whole: string): string {
  const lower = raw.trim().toLowerCase();
  if (!lower) throw new KeySpecError('a key binding cannot be empty; write keys like `ctrl-a`, `shift-enter` or `page-down`');
  const segments = lower.split('-').filter(Boolean);
  if (!segments.length) throw new KeySpecError(`\`${whole}\` is not a key; write the minus key as \`minus\``);
  const mods = new Set<string>();
  const key: string[] = [];
  for (const segment of segments) {
    const mod = MODIFIERS[segment];
    if (mod && !key.length) {
      if (mods.has(mod)) throw new KeySpecError(`\`${whole}\` names the modifier \`${mod}\` twice`);
      mods.add(mod);
    } else if (mod) throw new KeySpecError(`\`${whole}\`: modifiers come before the key (like \`ctrl-a\`)`);
    else key.push(segment);
  }
  if (!key.length) throw new KeySpecError(`\`${whole}\` has no key after its modifiers; add one like \`a\`, \`enter\` or \`page-down\``);
  const name = ALIASES[key.join('-')] ?? key.join('-');
  const printable = name.length === 1 && name >= ' ' && name <= '~';
  const fn = /^f(\d{1,2})$/.exec(name);
  if (!printable && !NAMED.has(name) && !(fn && +fn[1] >= 1 && +fn[1] <= MAX_FUNCTION_KEY))
    throw new KeySpecError(`unknown key \`${name}\` in \`${whole}\`; use a printable character, f1-f${MAX_FUNCTION_KEY}, or one of enter, tab, backspace, esc, delete, up, down, left, right, home, end, page-up, page-down, space, minus`);
  return [...MODIFIER_ORDER.filter((m) => mods.has(m)), name].join('-');
}

/**
 * One key spec in its canonical spelling: modifiers as `ctrl-alt-shift-super-`, aliases resolved
 * (`escape` → `esc`, `pgdn` → `page-down`); two strokes at most (`g g`, `ctrl-x ctrl-s`), and
 * `leader <key>` for the key after the configured leader (`tui.keymap.global.leader`).
 */
export function normalizeKeySpec(raw: string): string {
  const strokes = raw.trim().split(/\s+/).filter(Boolean);
  if (!strokes.length) return normalizeStroke(raw, raw);
  if (strokes.length > MAX_STROKES) throw new KeySpecError(`\`${raw}\` has ${strokes.length} strokes; a key chord has at most ${MAX_STROKES} (like \`ctrl-x ctrl-s\`)`);
  if (strokes[0].toLowerCase() === 'leader') {
    if (strokes.length !== 2) throw new KeySpecError(`\`${raw}\`: \`leader\` is followed by one key (like \`leader t\`)`);
    return `leader ${normalizeStroke(strokes[1], raw)}`;
  }
  return strokes.map((s) => normalizeStroke(s, raw)).join(' ');
}

/** What `[tui.keymap]` says, validated: context → action → canonical specs (an empty list unbinds). */
export type KeymapConfig = Record<string, Record<string, string[]>>;

export interface KeymapProblem {
  /** the key path under `tui.keymap` */
  path: string[];
  message: string;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Reads a `[tui.keymap]` table: unknown contexts and actions and unreadable specs are problems, each naming its key. */
export function readKeymapConfig(raw: unknown): { config: KeymapConfig; problems: KeymapProblem[] } {
  const config: KeymapConfig = {};
  const problems: KeymapProblem[] = [];
  if (raw === undefined) return { config, problems };
  if (!isTable(raw)) return { config, problems: [{ path: [], message: 'expected a table of contexts, like [tui.keymap.composer]' }] };
  for (const [context, actions] of Object.entries(raw)) {
    if (!KEYMAP_CONTEXTS.includes(context)) {
      problems.push({ path: [context], message: `unknown keymap context \`${context}\`; expected one of ${KEYMAP_CONTEXTS.join(', ')}` });
      continue;
    }
    if (!isTable(actions)) {
      problems.push({ path: [context], message: `expected a table of actions, like [tui.keymap.${context}]` });
      continue;
    }
    for (const [action, value] of Object.entries(actions)) {
      if (!allowed(context, action)) {
        problems.push({ path: [context, action], message: `unknown action \`${context}.${action}\`; /keymap lists every action and its config key` });
        continue;
      }
      const specs = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
      if (!specs) {
        problems.push({ path: [context, action], message: 'expected a key spec or an array of key specs, like "ctrl-a" or ["ctrl-a", "f5"]' });
        continue;
      }
      try {
        (config[context] ??= {})[action] = specs.map(normalizeKeySpec);
      } catch (e) {
        if (!(e instanceof KeySpecError)) throw e;
        problems.push({ path: [context, action], message: e.message });
      }
    }
  }
  problems.push(...ambiguities(config));
  return { config, problems };
}

/** A key the config gives an action that another action of the same context also has (upstream refuses those too). */
function ambiguities(config: KeymapConfig): KeymapProblem[] {
  const keymap = resolveKeymap(config);
  const out: KeymapProblem[] = [];
  for (const [context, actions] of Object.entries(config)) {
    for (const [action, specs] of Object.entries(actions)) {
      if (!keymapAction(context, action)) continue;
      for (const spec of specs) {
        const other = KEYMAP_ACTIONS.find((a) => a.context === context && a.action !== action && keymap.bindings(context, a.action).includes(spec));
        if (other) out.push({ path: [context, action], message: `\`${spec}\` is also bound to \`${context}.${other.action}\`; give each action its own key (an empty list unbinds one)` });
      }
    }
  }
  return out;
}

/** Every action's keys in effect: the config's (context first, then `global` where it may stand in), else the default. */
export interface ResolvedKeymap {
  bindings(context: string, action: string): readonly string[];
  /** the action is set in config (upstream's "custom", marked `*`) */
  customized(context: string, action: string): boolean;
}

export function resolveKeymap(config: KeymapConfig = {}): ResolvedKeymap {
  const own = (context: string, action: string) => config[context]?.[action];
  const fallback = (context: string, action: string) => (context === 'composer' && (GLOBAL_FALLBACKS as readonly string[]).includes(action) ? config.global?.[action] : undefined);
  return {
    bindings: (context, action) => own(context, action) ?? fallback(context, action) ?? keymapAction(context, action)?.defaults ?? [],
    customized: (context, action) => own(context, action) !== undefined,
  };
}
