// The interactive TUI: `csm [PROMPT]`, `csm resume …`, `csm fork …`. Wiring only: the terminal
// (./screen/terminal.ts) delivers keys, ./input/route.ts turns each into reducer actions and
// effects, the effects are carried out here against the Thread, and ./view.ts draws every change.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { editConfigFile } from '../core/config/edit.ts';
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { Usage } from '../core/model/usage.ts';
import { loadFrontEndConfig, type FrontEndArgs } from '../runtime/front-end.ts';
import { openThread, providerApiKey, type OpenThreadOptions } from '../runtime/open-thread.ts';
import type { ChatOpened } from '../runtime/chat-thread.ts';
import { chosenTarget, presetNext, reviewFinished, reviewLines, reviewPresetList, reviewStarted } from './review.ts';
import { reviewRequest, mergeBase, type ReviewTarget } from '../core/review/target.ts';
import { parseReviewOutput, renderReview } from '../core/review/output.ts';
import type { Span } from './screen/canvas.ts';
import { REVIEW_INSTRUCTIONS } from '../core/review/instructions.ts';
import { REVIEW_TOOLS } from '../exec/review.ts';
import { reportUnexpected } from '../runtime/crash-log.ts';
import { SessionOpenError, type SessionTarget } from '../runtime/session.ts';
import { VERSION } from '../version.ts';
import type { Effect } from './input/effects.ts';
import { routeKey } from './input/route.ts';
import { Terminal, type TerminalEvent } from './screen/terminal.ts';
import { shellRunner, type ShellRunner } from './shell.ts';
import { listWorkspaceFiles } from './mentions.ts';
import { initialState, reduce, userCells, type ChatAction, type ChatState, type HistoryCell } from './state.ts';
import { parseSlash } from './slash.ts';
import { slashOutcome } from './slash-dispatch.ts';
import { diffLines, workspaceDiff } from './git-diff.ts';
import { EFFORTS, effortList, modelList } from './model-choice.ts';
import { PRESETS, permissionsList } from './permission-choice.ts';
import { backgroundLines } from './background.ts';
import { turnWarningsPage, watchMcpStartup, warningsList } from './warnings-list.ts';
import { conversationMarkdown, exportList } from './export.ts';
import { agentsFiles, statusCardLines, type StatusFacts } from './status-card.ts';
import { DEFAULT_STATUS_LINE, statusLineItems } from './status-line.ts';
import { toggleVim, vimAtStart } from './vim.ts';
import { planEffort, planNotice } from './plan-mode.ts';
import { statusLineChoice, statusLineColors, statusLinePicker } from './statusline-picker.ts';
import { configuredTheme, saveTheme } from './syntax-theme.ts';
import { defaultThemeFor, useCustomThemes } from './syntax/catalogue.ts';
import { onSyntaxReady } from './syntax/highlighter.ts';
import { highlightedTheme, openThemePicker } from './views/theme-picker.ts';
import { openConfigPanel } from './config-panel.ts';
import { openKeymapBrowser, refreshedBrowser } from './keymap-browser.ts';
import { keymapConfigOf, saveKeymapChange } from './keymap-save.ts';
import { resolveKeymap, type KeymapConfig, type ResolvedKeymap } from '../core/config/keymap.ts';
import { tildePath } from './tilde.ts';
import { resolveCd } from './cd.ts';
import { RAW_OFF, RAW_ON } from './raw.ts';
import { titleItems, titlePicker, type TitleFacts } from './title.ts';
import { enabledIds } from './views/multi-select.ts';
import { confirmEndList, endSession, type EndKind } from './session-end.ts';
import { removeAuth } from '../core/auth/auth-file.ts';
import { copiedText, openCopyMode } from './copy-mode.ts';
import { earlierCells } from './transcript.ts';
import { startResumePreview, type ResumePreview } from './resume-preview.ts';
import { drawChat, modelLabel, windowTitle } from './view.ts';
import { captureWarnings, type WarningSink } from './warnings.ts';
import { STATUS_FRAME_MS, statusShown } from './status-indicator.ts';
import { mcpListLines, mcpServerDetails, mcpServerStates, mcpVerboseLines } from './mcp-list.ts';

export interface TuiArgs extends FrontEndArgs {
  prompt?: string;
  /** --remote ADDR: the threads live on that app server (../remote/) */
  remote?: string;
  /** --remote-auth-token-env VAR: the bearer token for it */
  remoteAuthTokenEnv?: string;
}

export interface TuiIo {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  err: (text: string) => void;
}

/** The lines printed after leaving the alternate screen. */
export function exitSummary(usage: Usage, threadId: string, product: string, title: string | null = null): string {
  const input = Math.max(0, usage.input_tokens - usage.cached_input_tokens);
  const total = input + usage.output_tokens;
  const cached = usage.cached_input_tokens ? ` (+ ${usage.cached_input_tokens} cached)` : '';
  const reasoning = usage.reasoning_output_tokens ? ` (reasoning ${usage.reasoning_output_tokens})` : '';
  const cyan = (t: string) => `\x1b[36m${t}\x1b[39m`;
  // A titled thread can also be picked by its title in the resume picker.
  const byTitle = title ? `Or run ${cyan(`${product} resume`)} and select ${cyan(title)}.\n` : '';
  return `Token usage: total=${total} input=${input}${cached} output=${usage.output_tokens}${reasoning}\nTo continue this session, run:\n  ${cyan(`${product} resume ${threadId}`)}\n${byTitle}`;
}

export async function runTui(
  args: TuiArgs,
  io: TuiIo = { input: process.stdin, output: process.stdout, err: (t) => process.stderr.write(t) },
  /** a resume's preview already on the screen (see launch.ts); undefined: the chat starts one */
  early?: ResumePreview | null,
): Promise<number> {
  if (!io.input.isTTY || !io.output.isTTY) {
    io.err('Error: stdin is not a terminal\n');
    return 1;
  }
  const cwd = path.resolve(args.cd ?? process.cwd());
  const codexHome = resolveCodexHome();
  let cfg: ResolvedConfig;
  try {
    cfg = loadFrontEndConfig(args, cwd, codexHome);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`Error loading config.toml: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // --remote: the server runs the model and the tools; this process draws its threads.
  let remote: import('../remote/tui-remote.ts').TuiRemote | null = null;
  if (args.remote !== undefined) {
    const r = await (await import('../remote/tui-remote.ts')).connectForTui(args.remote, args.remoteAuthTokenEnv, codexHome);
    if (typeof r === 'string') {
      io.err(`Error: ${r}\n`);
      return 1;
    }
    remote = r;
    r.onLost((message) => app?.connectionLost(message));
  }
  const key = remote ? { apiKey: '' } : providerApiKey(cfg);
  if ('error' in key) {
    early?.terminal.close();
    io.err(`${key.error}\n`);
    return 1;
  }
  // The app exists only once a thread is open; questions and streamed text reach it through this
  // late binding. /new, /resume and /fork open further threads the same way.
  let app: ChatApp | null = null;
  const open = (target: SessionTarget, c: ResolvedConfig = cfg, extra: Partial<OpenThreadOptions> = {}): Promise<ChatOpened> =>
    remote
      ? remote.open(target, {
          cwd: args.cd ? c.cwd : null,
          model: args.model ?? null,
          sandbox: args.sandbox ?? null,
          review: extra.baseInstructions !== undefined,
          requestApproval: (req) => (app ? app.askApproval(req) : Promise.resolve('deny')),
          onTextDelta: (delta) => app?.onDelta(delta),
        })
      : openThread({
      cfg: c,
      codexHome,
      target,
      ephemeral: false,
      addDirs: args.addDir,
      apiKey: key.apiKey,
      source: 'cli',
      originator: 'codex-tui',
      approvalPolicy: c.approvalPolicy,
      interactive: true,
      requestApproval: (req) => (app ? app.askApproval(req) : Promise.resolve('deny')),
      onTextDelta: (delta) => app?.onDelta(delta),
      ...extra,
    });
  // A resumed or forked session's last turns are drawn first; the thread opens behind them.
  // (A remote thread's turns are the server's: nothing is drawn before it answers.)
  const preview = early !== undefined ? early : remote ? null : await startResumePreview(io, { codexHome, cfg, target: args.target });
  let opened: ChatOpened;
  try {
    opened = await open(args.target);
  } catch (e) {
    preview?.terminal.close();
    remote?.close();
    if (e instanceof SessionOpenError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // A remote thread runs in the server's folder, with the server's model.
  if (opened.remote) cfg = { ...cfg, cwd: opened.remote.cwd, model: opened.remote.model };
  app = new ChatApp(io, opened, cfg, codexHome, open, args.prompt, preview?.cells ?? (await earlierCells(opened.session, codexHome)), preview);
  try {
    return await app.run();
  } finally {
    remote?.close();
  }
}

class ChatApp {
  private state: ChatState;
  private terminal!: Terminal;
  private renderQueued = false;
  private ranTurn = false;
  private turn: AbortController | null = null;
  /** a prompt sent while a turn ran: the turn is cut and this one runs in its place */
  private steering: string | null = null;
  private titled: boolean;
  private ticker: NodeJS.Timeout | null = null;
  /** process warnings go to the log while the screen is ours */
  private warnings: WarningSink | null = null;
  /** the newest finished turn's tokens (input + output) and the window they count against, for /status */
  private lastTurnTokens: number | null = null;
  private readonly contextWindow: number;
  private shell: ShellRunner | null = null;
  private answerApproval: ((d: ApprovalDecision) => void) | null = null;
  private done!: (code: number) => void;
  /** ends the TUI after an unexpected error in async work */
  private fail: (e: unknown) => void = () => {};
  /** `[tui.keymap]` as read, and resolved: the composer's keys and /keymap follow it */
  private keymapConfig: KeymapConfig;
  private keymap: ResolvedKeymap;

  constructor(
    private readonly io: TuiIo,
    private opened: ChatOpened,
    private cfg: ResolvedConfig,
    private readonly codexHome: string,
    private readonly open: (target: SessionTarget, cfg?: ResolvedConfig, extra?: Partial<OpenThreadOptions>) => Promise<ChatOpened>,
    private readonly initialPrompt: string | undefined,
    history: HistoryCell[],
    /** the terminal a resume's first frame was drawn on, and the keys typed since */
    private readonly preview: ResumePreview | null = null,
  ) {
    this.keymapConfig = keymapConfigOf(cfg.tui);
    this.keymap = resolveKeymap(this.keymapConfig);
    this.state = initialState({
      product: 'csm',
      version: VERSION,
      cwdLabel: tildePath(cfg.cwd),
      model: cfg.model,
      effort: cfg.modelReasoningEffort ?? null,
      history,
    });
    // The configured window once config carries one; else the one csm's threads report.
    this.contextWindow = (cfg as { modelContextWindow?: number }).modelContextWindow ?? 258_400;
    useCustomThemes(path.join(codexHome, 'themes'));
    this.state = { ...this.state, statusLine: statusLineItems(cfg.tui), context: { used: opened.thread.contextUsed, window: this.contextWindow }, vim: vimAtStart(cfg.tui), statusLineColors: statusLineColors(cfg.tui), syntaxTheme: configuredTheme(cfg.tui).theme };
    // An unknown `[tui] theme` is said once, at the top, as upstream warns at start-up.
    const themeWarning = configuredTheme(cfg.tui).warning;
    if (themeWarning) this.state = reduce(this.state, { type: 'add-cell', cell: { kind: 'notice', text: themeWarning } });
    // A resumed thread already has its title (or never gets one from us).
    this.titled = opened.session.history.length > 0;
    if (opened.remote) this.state = { ...this.state, remoteCwd: opened.remote.cwd, yolo: !!opened.remote.yolo, modelNames: opened.remote.modelNames ?? null };
  }

  run(): Promise<number> {
    // A bug in a handler must not leave the terminal raw and in the alternate screen: it ends the
    // TUI (the finally below restores the terminal) and is reported after.
    let failure: unknown = null;
    this.fail = (e) => {
      failure = e;
      this.done(1);
    };
    return new Promise<number>((resolve) => {
      this.done = resolve;
      this.warnings = captureWarnings(this.codexHome);
      watchMcpStartup(this.opened.mcp, (warnings) => this.dispatch({ type: 'warnings', warnings }));
      // Code drawn plain while the highlighter loaded is drawn again, coloured.
      const unsubscribe = onSyntaxReady(() => this.scheduleRender());
      this.closing.push(unsubscribe);
      this.terminal = this.preview?.terminal ?? Terminal.open(this.io, { signals: this.io.input === process.stdin });
      this.terminal.handle((e) => {
        try {
          this.onEvent(e);
        } catch (err) {
          this.fail(err);
        }
      });
      // What the preview took is the composer's text; the keys it left wait their turn here.
      const handed = this.preview?.handOver();
      if (handed?.composer.text) this.state = { ...this.state, composer: handed.composer };
      this.render();
      try {
        for (const e of handed?.events ?? []) this.onEvent(e);
      } catch (err) {
        this.fail(err);
      }
      if (this.initialPrompt?.trim()) this.submit(this.initialPrompt);
    }).finally(() => {
      for (const close of this.closing) close();
      if (this.ticker) clearInterval(this.ticker);
      this.terminal.close();
      this.warnings?.restore();
      if (this.ranTurn) this.io.output.write(exitSummary(this.opened.thread.totalUsage, this.opened.thread.id, this.opened.remote ? `csm --remote ${this.opened.remote.address}` : 'csm', this.state.title));
      // With no turn to resume from, upstream still names the session.
      else if (!failure) this.io.output.write(`Session ID: ${this.opened.thread.id}\n`);
      this.shell?.close();
      this.opened.tools.close?.();
      this.opened.session.close();
      if (failure) reportUnexpected(failure, this.io.err, this.codexHome);
    });
  }

  private dispatch(a: ChatAction): void {
    this.state = reduce(this.state, a);
    // The workspace's files are listed once, when an `@` is first typed.
    if (this.state.files === undefined && !this.listingFiles && this.state.composer.text.includes('@')) this.listFiles();
    this.scheduleRender();
  }

  private listingFiles = false;
  private readonly closing: Array<() => void> = [];
  private listFiles(): void {
    this.listingFiles = true;
    listWorkspaceFiles(this.cfg.cwd).then((files) => this.dispatch({ type: 'files', files }), this.fail);
  }

  /** One frame for everything that changed in this tick (a read of many keys draws once). */
  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    queueMicrotask(() => {
      this.renderQueued = false;
      try {
        this.render();
      } catch (e) {
        this.fail(e);
      }
    });
  }

  private render(): void {
    const { cols, rows } = this.terminal.size();
    const now = Date.now();
    // While /title's picker is open the window title follows its choices, as upstream's previews them.
    const items = this.state.multi?.id === 'title' ? enabledIds(this.state.multi) : this.titleItems();
    this.terminal.draw(drawChat(this.state, cols, rows, now), windowTitle(this.state, now, items, this.titleFacts()));
  }

  /** `[tui] terminal_title`, or what /title saved in this run. */
  private titleChoice: readonly string[] | null = null;
  private titleItems(): readonly string[] {
    return this.titleChoice ?? titleItems(this.cfg.tui);
  }

  /** What the window title and /title's preview say beyond the chat state. */
  private titleFacts(): TitleFacts {
    const u = this.opened.thread.totalUsage;
    const s = this.state;
    return { product: 'csm', version: VERSION, cwdLabel: s.cwdLabel, title: s.title, threadId: this.opened.thread.id, model: s.model, effort: s.effort, fast: !!s.fast, running: false, spinner: '', context: s.context ?? null, usage: { input: u.input_tokens, output: u.output_tokens } };
  }

  /** /title's picker saved (Enter: the items go to config.toml for later sessions too) or cancelled. */
  private titleChosen(how: string): void {
    const picker = this.state.multi;
    this.dispatch({ type: 'multi', multi: null });
    if (how !== 'enter' || !picker) return;
    this.titleChoice = enabledIds(picker);
    editConfigFile(path.join(this.codexHome, 'config.toml'), ['tui', 'terminal_title'], [...this.titleChoice]);
  }

  onDelta(delta: string): void {
    this.dispatch({ type: 'agent-delta', delta });
  }

  /** The app-server (--remote) went away: said at once while idle (a running turn ends with it). */
  connectionLost(message: string): void {
    if (this.state.runningSince === null) this.dispatch({ type: 'info', text: message });
  }

  askApproval(request: ApprovalRequest): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.answerApproval = resolve;
      this.dispatch({ type: 'approval-requested', request });
    });
  }

  private onEvent(e: TerminalEvent): void {
    if (e.kind === 'resize') return this.render();
    const page = Math.max(1, this.terminal.size().rows - 8);
    const r = routeKey(this.state, e, { page, rows: this.terminal.size().rows, keymap: this.keymap });
    for (const a of r.actions) this.dispatch(a);
    for (const effect of r.effects) this.perform(effect);
  }

  private perform(e: Effect): void {
    switch (e.kind) {
      case 'submit':
        return this.submit(e.text);
      case 'steer':
        return this.steer(e.text);
      case 'shell':
        return void this.runShell(e.command).catch(this.fail);
      case 'slash':
        return void this.runSlash(e.line).catch(this.fail);
      case 'interrupt':
        return this.turn?.abort();
      case 'cycle-mode':
        return this.setPlan(!this.state.plan);
      case 'quit':
        return this.done(0);
      case 'answer': {
        const resolve = this.answerApproval;
        this.answerApproval = null;
        this.dispatch({ type: 'approval-answered', decision: e.decision, product: 'csm' });
        return resolve?.(e.decision);
      }
      case 'rewind':
        return this.rewind(e.turnsBack);
      case 'list':
        return this.chosen(e.id, e.index, e.how);
      case 'keymap-save': {
        const saved = saveKeymapChange(this.codexHome, this.keymapConfig, e);
        ({ config: this.keymapConfig, keymap: this.keymap } = saved);
        const view = this.state.keymapView;
        if (view) this.dispatch({ type: 'keymap-view', view: refreshedBrowser(view, this.keymap) });
        return this.dispatch({ type: 'add-cell', cell: saved.notice });
      }
    }
  }

  /** An item of the open list chosen: /model's model, then its reasoning level. */
  private chosen(id: string, index: number, how: string): void {
    if (id.startsWith('review')) return this.reviewChosen(id, index, how);
    if (id === 'title') return this.titleChosen(how);
    if (id === 'copy') {
      // The terminal's clipboard (OSC 52): it reaches the person's clipboard over ssh too, and never confirms.
      const text = copiedText(this.state);
      return text === null ? undefined : void this.io.output.write(`\x1b]52;c;${Buffer.from(text).toString('base64')}\x07`);
    }
    if (id === 'statusline') return this.statusLineChosen(how);
    if (id === 'theme') return this.themeChosen(how);
    if (id === 'config') return this.configChosen(index);
    if (id === 'archive' || id === 'delete') {
      this.dispatch({ type: 'list', list: null });
      return how === 'enter' && index === 1 ? void this.endThis(id).catch(this.fail) : undefined;
    }
    const model = this.state.model;
    if (id === 'model') return this.dispatch({ type: 'list', list: how === 'escape' ? null : effortList(model, this.state.effort) });
    if (id === 'export') {
      this.dispatch({ type: 'list', list: null });
      if (how === 'escape') return;
      if (index === 1) {
        const file = path.join(this.cfg.cwd, `csm-session-${this.opened.thread.id}.md`);
        writeFileSync(file, conversationMarkdown(this.state.cells));
        return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Saved the conversation to ${tildePath(file)}` } });
      }
      // The terminal's clipboard (OSC 52) never says whether the copy arrived, so csm says so too, as upstream does.
      this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: 'Copying conversation…' } });
      this.io.output.write(`\x1b]52;c;${Buffer.from(conversationMarkdown(this.state.cells)).toString('base64')}\x07`);
      return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: 'Copy unconfirmed; /export saves chat' } });
    }
    if (id === 'warnings') {
      const moved = turnWarningsPage(this.state.warnings ?? [], this.state.list, how, index, this.terminal.size().cols);
      if (moved.warnings !== this.state.warnings) this.dispatch({ type: 'warnings', warnings: moved.warnings });
      return this.dispatch({ type: 'list', list: moved.list });
    }
    if (id === 'permissions') {
      this.dispatch({ type: 'list', list: null });
      if (how === 'escape') return;
      const preset = PRESETS[index];
      this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Permission selection requested: ${preset.label}` } });
      return void this.setPermissions(preset.approvalPolicy, preset.sandboxMode).catch(this.fail);
    }
    if (id !== 'effort') return;
    if (how === 'escape') return this.dispatch({ type: 'list', list: modelList(model) });
    const effort = EFFORTS[index].value;
    this.dispatch({ type: 'list', list: null });
    this.opened.thread.changeModel(model, effort);
    // Enter makes it the default for later sessions too (config.toml); `s` keeps it to this one.
    if (how === 'enter') {
      const file = path.join(this.codexHome, 'config.toml');
      editConfigFile(file, ['model'], model);
      editConfigFile(file, ['model_reasoning_effort'], effort);
    }
    this.dispatch({ type: 'model', model, effort });
    this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Model changed to ${model} ${effort}` } });
  }

  /**
   * The thread goes on under another approval policy and sandbox: it is opened again with them (a
   * thread with turns is resumed, which records the new settings and tells the model its new
   * permissions on the next turn; one without is started afresh). Not while a turn runs.
   */
  private async setPermissions(approvalPolicy: ResolvedConfig['approvalPolicy'], sandboxMode: ResolvedConfig['sandboxMode']): Promise<void> {
    if (this.state.runningSince !== null) return;
    this.cfg = { ...this.cfg, approvalPolicy, sandboxMode };
    return this.reopen();
  }

  /** The thread opened again under this.cfg: resumed when it has turns, else started afresh. */
  private async reopen(): Promise<void> {
    const turns = this.opened.session.history.length > 0 || this.ranTurn;
    const id = this.opened.thread.id;
    this.shell?.close();
    this.shell = null;
    this.opened.tools.close?.();
    this.opened.session.close();
    this.opened = await this.open(turns ? { kind: 'resume', id } : { kind: 'new' }, this.cfg);
    // A model chosen with /model in this run stays chosen, and /fast stays on.
    this.opened.thread.changeModel(this.state.model, this.state.effort ?? undefined);
    if (this.state.fast) this.opened.thread.setServiceTier('priority');
    if (this.state.plan) this.opened.thread.setCollaborationMode('plan', this.state.effort ?? undefined);
  }

  /** /theme's picker: Enter keeps the highlighted theme (config.toml too), Esc goes back to the one in force. */
  private themeChosen(how: string): void {
    const picker = this.state.themePicker;
    this.dispatch({ type: 'theme-picker', picker: null });
    const name = picker && how === 'enter' ? highlightedTheme(picker) : null;
    if (!name) return;
    saveTheme(this.codexHome, name);
    this.dispatch({ type: 'syntax-theme', name });
  }

  /** /statusline's chooser saved (Enter: the footer follows it, and config.toml keeps it) or cancelled. */
  private statusLineChosen(how: string): void {
    const picker = this.state.multi;
    this.dispatch({ type: 'multi', multi: null });
    if (how !== 'enter' || !picker) return;
    const { items, colors } = statusLineChoice(picker);
    const file = path.join(this.codexHome, 'config.toml');
    editConfigFile(file, ['tui', 'status_line'], items);
    if (colors !== (this.state.statusLineColors !== false)) editConfigFile(file, ['tui', 'status_line_use_colors'], colors);
    this.state = { ...this.state, statusLine: items, statusLineColors: colors };
    this.render();
  }

  /** Enter on a row of /config's panel: a switch is saved (the panel already shows it), a chooser opens. */
  private configChosen(index: number): void {
    const panel = this.state.configPanel;
    const row = panel?.groups[panel.group].rows[index];
    if (!row) return;
    if (row.action.kind === 'switch') {
      const { key, on, inverted } = row.action;
      editConfigFile(path.join(this.codexHome, 'config.toml'), key, inverted ? !on : on);
      if (key.join('.') === 'tui.status_line_use_colors') this.state = { ...this.state, statusLineColors: on };
      return this.render();
    }
    this.dispatch({ type: 'config-panel', panel: null });
    if (row.action.kind === 'missing') return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `${row.name} is not available in csm yet.` } });
    return void this.runSlash(`/${row.action.target}`).catch(this.fail);
  }

  /** Plan mode on (with its effort, said in a notice) or off (the effort before it back); nothing when already so. */
  private setPlan(on: boolean): void {
    if (!!this.state.plan === on) return;
    if (on) {
      const effort = planEffort(this.cfg.toml as Record<string, unknown>);
      this.dispatch({ type: 'plan', plan: { effortBefore: this.state.effort } });
      this.opened.thread.setCollaborationMode('plan', effort);
      this.dispatch({ type: 'model', model: this.state.model, effort });
      return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: planNotice(this.state.model, effort) } });
    }
    const effort = this.state.plan!.effortBefore;
    this.dispatch({ type: 'plan', plan: null });
    this.opened.thread.setCollaborationMode('default', effort ?? undefined);
    this.dispatch({ type: 'model', model: this.state.model, effort });
  }

  /** Runs a slash command line (`/rename my work`). */
  private async runSlash(line: string): Promise<void> {
    const outcome = slashOutcome(parseSlash(line)!, { threadId: this.opened.thread.id, hasTurns: this.opened.session.history.length > 0 || this.ranTurn });
    if (!(outcome.kind === 'notice' && outcome.keep)) this.dispatch({ type: 'clear-composer' });
    switch (outcome.kind) {
      case 'quit':
        return this.done(0);
      case 'info':
        return this.dispatch({ type: 'info', text: outcome.text });
      case 'notice':
        this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: outcome.text, detail: outcome.detail, flush: outcome.flush } });
        // A line kept for correcting is left with the cursor at its start, as upstream leaves it.
        if (outcome.keep) this.dispatch({ type: 'line-edge', edge: 'start' });
        return;
      case 'pwd':
        return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Current working directory: ${this.cfg.cwd}` } });
      case 'cd':
        return this.changeDir(outcome.dir);
      case 'title':
        return this.dispatch({ type: 'multi', multi: titlePicker(this.titleItems(), this.titleFacts()) });
      case 'logout':
        // The login codex and csm share goes ($CODEX_HOME/auth.json), and so does the TUI, as upstream's.
        removeAuth(this.codexHome);
        return this.done(0);
      case 'mention':
        return this.dispatch({ type: 'set-composer', text: '@' });
      case 'end':
        return this.dispatch({ type: 'list', list: confirmEndList(outcome.end) });
      case 'raw': {
        const raw = !this.state.raw;
        this.state = { ...this.state, raw };
        return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: raw ? RAW_ON : RAW_OFF } });
      }
      case 'switch':
        return this.switchTo(outcome.target);
      case 'pick': {
        const picked = await this.pick();
        if (picked) await this.switchTo(picked === 'new' ? { kind: 'new' } : { kind: 'resume', id: picked });
        return;
      }
      case 'rename': {
        const { setName } = await import('../core/sessions/ops/names.ts');
        setName(this.codexHome, this.opened.thread.id, outcome.name);
        this.dispatch({ type: 'title', title: outcome.name });
        return this.dispatch({ type: 'info', text: `Renamed this session to "${outcome.name}".` });
      }
      case 'status':
        return this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: statusCardLines(this.statusFacts()) } });
      case 'compact':
        return this.compact();
      case 'diff': {
        const text = workspaceDiff(this.cfg.cwd);
        // Outside a repository or with nothing changed, the pager says so in its one line, as upstream's does.
        const lines = text === null ? [[{ text: '`/diff` — _not inside a git repository_' }]] : text ? diffLines(text) : [[{ text: 'No changes detected.', style: { italic: true } }]];
        return this.dispatch({ type: 'pager', pager: { title: 'DIFF', lines, top: 0 } });
      }
      case 'model':
        return this.dispatch({ type: 'list', list: modelList(this.state.model) });
      case 'permissions':
        return this.dispatch({ type: 'list', list: permissionsList(this.cfg.approvalPolicy, this.cfg.sandboxMode) });
      case 'review':
        if (outcome.instructions) return this.review({ type: 'custom', instructions: outcome.instructions });
        return this.dispatch({ type: 'list', list: reviewPresetList() });
      case 'warnings':
        return this.dispatch({ type: 'list', list: warningsList(this.state.warnings) });
      case 'mcp':
        if (outcome.verbose) {
          const cols = this.terminal.size().cols;
          return void mcpServerDetails(this.cfg.mcpServers, this.opened.mcp).then((servers) => this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: mcpVerboseLines(servers, cols) } }), this.fail);
        }
        return this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: mcpListLines(mcpServerStates(this.cfg.mcpServers, this.opened.mcp)) } });
      case 'export':
        return this.dispatch({ type: 'list', list: exportList() });
      case 'fast': {
        const on = !this.state.fast;
        this.opened.thread.setServiceTier(on ? 'priority' : undefined);
        this.dispatch({ type: 'fast', on });
        return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: on ? 'Service tier set to priority' : 'Service tier set to default' } });
      }
      case 'plan':
        return this.setPlan(true);
      case 'keymap':
        return this.dispatch({ type: 'keymap-view', view: openKeymapBrowser(this.keymap) });
      case 'config':
        return this.dispatch({ type: 'config-panel', panel: openConfigPanel({ tui: { ...this.cfg.tui, ...(this.state.syntaxTheme ? { theme: this.state.syntaxTheme } : {}), status_line_use_colors: this.state.statusLineColors !== false }, toml: this.cfg.toml as Record<string, unknown> }) });
      case 'theme':
        return this.dispatch({ type: 'theme-picker', picker: openThemePicker(this.state.syntaxTheme, undefined, tildePath(path.join(this.codexHome, 'themes')), defaultThemeFor(this.state.terminalBackground)) });
      case 'statusline':
        return this.dispatch({ type: 'multi', multi: statusLinePicker(this.state.statusLine ?? DEFAULT_STATUS_LINE, this.state.statusLineColors !== false, this.state, modelLabel) });
      case 'vim': {
        const { vim, notice } = toggleVim(this.state.vim);
        this.dispatch({ type: 'vim', vim });
        return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: notice } });
      }
      case 'ps':
        return this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: backgroundLines(this.opened.tools.background?.() ?? []) } });
      case 'stop':
        this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: 'Stopping all background terminals.' } });
        return this.opened.tools.stopBackground?.();
      case 'prompt':
        // Sent as if typed; not while a turn runs.
        return this.state.runningSince === null ? this.submit(outcome.text) : undefined;
      case 'copy': {
        // Copy mode over the newest answer (./copy-mode.ts); Enter there copies.
        const mode = openCopyMode(this.state.cells);
        if (!mode) return this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: 'Nothing to copy' } });
        return this.dispatch({ type: 'copy', copy: mode });
      }
    }
  }

  /** `/cd`: the thread goes on from another directory (re-opened there); not while a turn runs. */
  private async changeDir(arg: string): Promise<void> {
    if (this.state.runningSince !== null) return;
    const to = resolveCd(arg, this.cfg.cwd);
    if (!to.ok) return this.dispatch({ type: 'add-cell', cell: { kind: 'error', text: to.message } });
    this.cfg = { ...this.cfg, cwd: to.dir };
    await this.reopen();
    // The `@` file list belongs to the old directory.
    this.listingFiles = false;
    this.state = { ...this.state, cwdLabel: tildePath(to.dir), files: undefined };
    this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Working directory changed to: ${to.dir}` } });
  }

  /**
   * `/archive` or `/delete` confirmed: the thread lets go of its rollout, which is archived or
   * deleted; then the session picker (upstream shows its agent command center) chooses what goes
   * on: a session picked is resumed, else a new one starts. Not while a turn runs.
   */
  private async endThis(kind: EndKind): Promise<void> {
    if (this.state.runningSince !== null) return;
    const id = this.opened.thread.id;
    this.shell?.close();
    this.shell = null;
    this.opened.tools.close?.();
    this.opened.session.close();
    await endSession(kind, this.codexHome, id);
    const picked = await this.pick();
    let next: ChatOpened;
    try {
      next = await this.open(picked && picked !== 'new' ? { kind: 'resume', id: picked } : { kind: 'new' });
    } catch {
      next = await this.open({ kind: 'new' });
    }
    this.opened = next;
    this.ranTurn = false;
    this.titled = next.session.history.length > 0;
    this.dispatch({ type: 'reset', history: await earlierCells(next.session, this.codexHome) });
    this.state = { ...this.state, context: { used: next.thread.contextUsed, window: this.contextWindow }, ...(next.remote ? { yolo: !!next.remote.yolo, modelNames: next.remote.modelNames ?? null } : {}) };
  }

  /** What `/status` shows, read now. */

  private statusFacts(): StatusFacts {
    const u = this.opened.thread.totalUsage;
    return {
      product: 'csm',
      version: VERSION,
      model: this.state.model,
      effort: this.state.effort,
      summary: this.cfg.modelReasoningSummary ?? null,
      provider: this.cfg.modelProviderId,
      cwdLabel: this.state.cwdLabel,
      sandboxMode: this.cfg.sandboxMode,
      approvalPolicy: this.cfg.approvalPolicy,
      agentsFiles: agentsFiles(this.cfg.cwd),
      title: this.state.title,
      threadId: this.opened.thread.id,
      usage: { input: u.input_tokens, cached: u.cached_input_tokens, output: u.output_tokens },
      context: this.lastTurnTokens === null ? null : { used: this.lastTurnTokens, window: this.contextWindow },
    };
  }

  /** The session picker over this screen, on the same terminal; the chat is drawn again afterwards. */
  private async pick(): Promise<string | 'new' | null> {
    const { pickSession } = await import('./picker/picker.ts');
    try {
      const r = await pickSession({ codexHome: this.codexHome, cwd: this.cfg.cwd, all: false, action: 'resume', input: this.io.input, output: this.io.output, terminal: this.terminal });
      return r.kind === 'picked' ? r.id : r.kind === 'new' ? 'new' : null;
    } finally {
      this.render();
    }
  }

  /** Leaves this thread for another (new, resumed or forked); not while a turn runs. */
  private async switchTo(target: SessionTarget): Promise<void> {
    if (this.state.runningSince !== null) return;
    let next: ChatOpened;
    try {
      next = await this.open(target);
    } catch (e) {
      return this.dispatch({ type: 'info', text: (e as Error).message });
    }
    this.shell?.close();
    this.shell = null;
    this.opened.tools.close?.();
    this.opened.session.close();
    this.opened = next;
    // Plan mode stays on in the next thread, as the footer says.
    if (this.state.plan) next.thread.setCollaborationMode('plan', this.state.effort ?? undefined);
    this.ranTurn = false;
    this.titled = next.session.history.length > 0;
    this.dispatch({ type: 'reset', history: await earlierCells(next.session, this.codexHome) });
    this.state = { ...this.state, context: { used: next.thread.contextUsed, window: this.contextWindow }, ...(next.remote ? { yolo: !!next.remote.yolo, modelNames: next.remote.modelNames ?? null } : {}) };
  }

  private submit(text: string): void {
    const prompt = text.trim();
    this.dispatch({ type: 'submitted', text: prompt, at: Date.now() });
    this.startTicker();
    if (!this.titled) {
      this.titled = true;
      // A title that arrives after /new or /resume belongs to the thread that asked.
      const thread = this.opened.thread;
      void thread.title(prompt).then((title) => title && this.opened.thread === thread && this.dispatch({ type: 'title', title }));
    }
    this.runTurn(prompt).catch(this.fail);
  }

  /** A review preset (or a branch or commit for one) chosen; Esc goes back a list, or closes them. */
  private reviewChosen(id: string, index: number, how: string): void {
    const list = this.state.list;
    if (how === 'escape') return this.dispatch({ type: 'list', list: id === 'review' ? null : reviewPresetList() });
    if (id !== 'review') {
      const target = list ? chosenTarget(list, index, this.cfg.cwd) : null;
      this.dispatch({ type: 'list', list: null });
      return target ? this.review(target) : undefined;
    }
    const next = presetNext(index, this.cfg.cwd);
    if (next.kind === 'list') return this.dispatch({ type: 'list', list: next.list });
    this.dispatch({ type: 'list', list: null });
    if (next.kind === 'target') return this.review(next.target);
    if (next.kind === 'type') return this.dispatch({ type: 'set-composer', text: next.prefix });
    this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: next.text } });
  }

  /**
   * A code review, as upstream runs one from its TUI: in a thread of its own (csm's reviewer
   * instructions and tools, its own rollout), framed by upstream's blue lines; the reviewer's work
   * stays out of sight and its findings show as one message.
   */
  private review(target: ReviewTarget): void {
    if (this.turn || this.state.runningSince !== null) return;
    const request = reviewRequest(target, target.type === 'baseBranch' ? mergeBase(this.cfg.cwd, target.branch) : null);
    this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: [reviewStarted(request.hint)] } });
    this.dispatch({ type: 'compact-started', at: Date.now() });
    this.startTicker();
    if (!this.titled) {
      this.titled = true;
      const thread = this.opened.thread;
      void thread.title(request.prompt).then((title) => title && this.opened.thread === thread && this.dispatch({ type: 'title', title }));
    }
    const abort = new AbortController();
    this.turn = abort;
    const parent = this.opened.thread;
    const entered = parent.enterReview(target, request.hint);
    void (async () => {
      let findings: Span[][] | null = null;
      try {
        const reviewer = await this.open({ kind: 'new' }, this.cfg, { baseInstructions: REVIEW_INSTRUCTIONS, toolNames: REVIEW_TOOLS, onTextDelta: () => {} });
        const run = reviewer.thread.runTurn(request.prompt, abort.signal);
        let next = await run.next();
        for (; !next.done; next = await run.next()) if (next.value.type === 'turn.failed') this.dispatch({ type: 'thread-event', event: next.value });
        const output = next.value.ok ? parseReviewOutput(next.value.lastAgentMessage ?? '') : null;
        if (output) findings = reviewLines(output, this.terminal.size().cols);
        reviewer.tools.close?.();
        parent.exitReview(entered, { reviewerThreadId: reviewer.thread.id, prompt: request.prompt, output, text: output ? renderReview(output) : null });
      } finally {
        this.turn = null;
        this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: [reviewFinished()] } });
        if (findings) this.dispatch({ type: 'add-cell', cell: { kind: 'lines', lines: findings } });
        // A prompt sent while the review ran stopped it; it runs now.
        const follow = this.steering;
        this.steering = null;
        if (follow !== null) this.runTurn(follow).catch(this.fail);
        else {
          this.stopTicker();
          this.dispatch({ type: 'turn-ended', at: Date.now(), now: new Date() });
        }
      }
    })().catch(this.fail);
  }

  /**
   * Enter while a turn runs, as upstream steers: the answer being streamed is cut (and not shown),
   * and the model is asked again in the same turn with this prompt after the earlier one. A turn
   * that takes no prompts (/compact) is stopped and the prompt runs after it.
   */
  private steer(text: string): void {
    if (!this.turn || this.steering !== null) return;
    const prompt = text.trim();
    if (this.opened.thread.steer(prompt)) return this.dispatch({ type: 'steered', text: prompt });
    this.steering = prompt;
    this.dispatch({ type: 'steered', text: this.steering });
    this.turn.abort();
  }

  private startTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    // The status row's shimmer and the title's spinner move at upstream's frame rate. While an
    // answer streams the row is away and, as upstream, frames come as the text does (the title's
    // spinner turns with them).
    this.ticker = setInterval(() => {
      // An approval modal stands in for the status row: nothing moves (upstream's title spinner
      // stops too) until it is answered.
      if (this.state.runningSince === null || (statusShown(this.state) && !this.state.approval)) this.render();
    }, STATUS_FRAME_MS);
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** `/compact`: the conversation is summarized as a turn of its own; not while a turn runs. */
  private compact(): Promise<void> {
    if (this.state.runningSince !== null) return Promise.resolve();
    this.dispatch({ type: 'compact-started', at: Date.now() });
    this.startTicker();
    return this.runTurn(null);
  }

  /** Runs a turn with this prompt (null: a compaction, see compact()). */
  private async runTurn(prompt: string | null): Promise<void> {
    const abort = new AbortController();
    this.turn = abort;
    this.ranTurn = true;
    const startedAt = Date.now();
    try {
      const turn = prompt === null ? this.opened.thread.compact(abort.signal) : this.opened.thread.runTurn(prompt, abort.signal);
      for (;;) {
        const next = await turn.next();
        if (next.done) break;
        if (this.steering !== null && next.value.type === 'turn.failed') continue;
        if (next.value.type === 'turn.completed') this.lastTurnTokens = next.value.usage.input_tokens + next.value.usage.output_tokens;
        if (next.value.type === 'turn.completed' || next.value.type === 'context.compacted') this.state = { ...this.state, context: { used: this.opened.thread.contextUsed, window: this.contextWindow } };
        // Upstream's line for a compaction, with how long it took.
        if (next.value.type === 'context.compacted') this.dispatch({ type: 'add-cell', cell: { kind: 'notice', text: `Context compacted · ${Math.floor((Date.now() - startedAt) / 1000)}s` } });
        this.dispatch({ type: 'thread-event', event: next.value });
      }
    } catch (e) {
      if (this.steering === null) this.dispatch({ type: 'thread-event', event: { type: 'turn.failed', error: { message: (e as Error).message } } });
    } finally {
      this.turn = null;
      const follow = this.steering;
      this.steering = null;
      if (follow !== null) {
        this.runTurn(follow).catch(this.fail);
      } else {
        this.stopTicker();
        this.dispatch({ type: 'turn-ended', at: Date.now(), now: new Date() });
      }
    }
  }

  /** `!command`: run locally (or by the app-server a remote thread lives on), shown as upstream's "You ran" cell, then a Worked-for row. */
  private async runShell(command: string): Promise<void> {
    this.dispatch({ type: 'shell-started', command, at: Date.now() });
    this.startTicker();
    const remote = this.opened.thread.runShell?.bind(this.opened.thread);
    if (remote) {
      try {
        const r = await remote(command);
        this.dispatch({ type: 'shell-ended', output: r.output, exitCode: r.exitCode, at: Date.now(), now: new Date() });
      } finally {
        this.stopTicker();
      }
      return;
    }
    this.shell ??= shellRunner(this.cfg, this.opened.roots, this.opened.thread.id);
    try {
      const started = new Date();
      const r = await this.shell.run(command);
      this.opened.thread.recordUserShell({ command, argv: r.argv, output: r.output, exitCode: r.exitCode, durationMs: r.durationMs, started });
      this.dispatch({ type: 'shell-ended', output: r.output, exitCode: r.exitCode, at: Date.now(), now: new Date() });
    } finally {
      this.stopTicker();
    }
  }

  /** Esc-Esc backtrack confirmed: the thread forgets the last `turnsBack` turns, the screen follows. */
  private rewind(turnsBack: number): void {
    if (this.state.runningSince !== null) return;
    const users = userCells(this.state.cells);
    const at = users[users.length - turnsBack];
    const cell = this.state.cells[at];
    if (at === undefined || cell.kind !== 'user') return;
    // Refused (as upstream's TUI refuses it over a connection): the transcript stays, the prompt comes back to edit.
    const refused = this.opened.thread.rollbackRefusal?.(turnsBack);
    if (refused) return this.dispatch({ type: 'rewound', cells: [...this.state.cells, { kind: 'error', text: `Failed to edit the selected prompt: ${refused}` }], prompt: cell.text });
    this.opened.thread.rollback(turnsBack);
    this.dispatch({ type: 'rewound', cells: [...this.state.cells.slice(0, at), { kind: 'reverted' }], prompt: cell.text });
  }
}
