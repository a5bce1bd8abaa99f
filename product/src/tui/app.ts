// The interactive TUI: `csm [PROMPT]`, `csm resume …`, `csm fork …`. Wires the terminal (alt
// screen, raw keys, resize) to a Thread: keys and thread events go through the reducer in
// ./state.ts, every change is drawn by ./view.ts and sent as a diff.
import path from 'node:path';
import { ConfigError, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { Usage } from '../core/model/usage.ts';
import { loadFrontEndConfig, type FrontEndArgs } from '../runtime/front-end.ts';
import { openThread, providerApiKey, type OpenedThread } from '../runtime/open-thread.ts';
import { reportUnexpected } from '../runtime/crash-log.ts';
import { SessionOpenError, type SessionTarget } from '../runtime/session.ts';
import { VERSION } from '../version.ts';
import { createKeyParser, DISABLE_BRACKETED_PASTE, ENABLE_BRACKETED_PASTE, type Key } from './keys.ts';
import { CLEAR_SCREEN, diffFrames, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, setWindowTitle } from './screen/ansi.ts';
import type { Canvas } from './screen/canvas.ts';
import { APPROVAL_OPTIONS, initialState, reduce, type ChatAction, type ChatState, type HistoryCell } from './state.ts';
import { parseSlash, slashMatches } from './slash.ts';
import { tildePath } from './tilde.ts';
import { earlierCells } from './transcript.ts';
import { drawChat, windowTitle } from './view.ts';

export interface TuiArgs extends FrontEndArgs {
  prompt?: string;
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

export async function runTui(args: TuiArgs, io: TuiIo = { input: process.stdin, output: process.stdout, err: (t) => process.stderr.write(t) }): Promise<number> {
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
  const key = providerApiKey(cfg);
  if ('error' in key) {
    io.err(`${key.error}\n`);
    return 1;
  }
  // The app exists only once a thread is open; questions and streamed text reach it through this
  // late binding. /new, /resume and /fork open further threads the same way.
  let app: ChatApp | null = null;
  const open = (target: SessionTarget) =>
    openThread({
      cfg,
      codexHome,
      target,
      ephemeral: false,
      addDirs: args.addDir,
      apiKey: key.apiKey,
      source: 'cli',
      originator: 'codex-tui',
      approvalPolicy: cfg.approvalPolicy,
      interactive: true,
      requestApproval: (req) => (app ? app.askApproval(req) : Promise.resolve('deny')),
      onTextDelta: (delta) => app?.onDelta(delta),
    });
  let opened: OpenedThread;
  try {
    opened = await open(args.target);
  } catch (e) {
    if (e instanceof SessionOpenError) {
      io.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  app = new ChatApp(io, opened, cfg, codexHome, open, args.prompt, await earlierCells(opened.session, codexHome));
  return app.run();
}

/** Keys that only edit the composer, and what each one does. */
const EDITING_KEYS: Partial<Record<Key['kind'], ChatAction>> = {
  newline: { type: 'type', text: '\n' },
  backspace: { type: 'backspace' },
  delete: { type: 'delete' },
  left: { type: 'move', delta: -1 },
  right: { type: 'move', delta: 1 },
  home: { type: 'line-edge', edge: 'start' },
  'ctrl-a': { type: 'line-edge', edge: 'start' },
  end: { type: 'line-edge', edge: 'end' },
  'ctrl-e': { type: 'line-edge', edge: 'end' },
  'ctrl-u': { type: 'kill-line' },
  up: { type: 'recall', dir: -1 },
  down: { type: 'recall', dir: 1 },
};

class ChatApp {
  private state: ChatState;
  private shown: Canvas | null = null;
  private shownTitle: string | null = null;
  private ranTurn = false;
  private turn: AbortController | null = null;
  private titled: boolean;
  private ticker: NodeJS.Timeout | null = null;
  private answerApproval: ((d: ApprovalDecision) => void) | null = null;
  private done!: (code: number) => void;
  /** ends the TUI after an unexpected error in async work */
  private fail: (e: unknown) => void = () => {};

  /** keys go elsewhere (the session picker) while set */
  private suspended = false;

  constructor(
    private readonly io: TuiIo,
    private opened: OpenedThread,
    private readonly cfg: ResolvedConfig,
    private readonly codexHome: string,
    private readonly open: (target: SessionTarget) => Promise<OpenedThread>,
    private readonly initialPrompt: string | undefined,
    history: HistoryCell[],
  ) {
    this.state = initialState({
      product: 'csm',
      version: VERSION,
      cwdLabel: tildePath(cfg.cwd),
      model: cfg.model,
      effort: cfg.modelReasoningEffort ?? null,
      history,
    });
    // A resumed thread already has its title (or never gets one from us).
    this.titled = opened.session.history.length > 0;
  }

  run(): Promise<number> {
    const { input, output } = this.io;
    const parse = createKeyParser();
    // A bug in a handler must not leave the terminal raw and in the alternate screen: it ends the
    // TUI (the finally below restores the terminal) and is reported after.
    let failure: unknown = null;
    this.fail = (e) => {
      failure = e;
      this.done(1);
    };
    const guard = (fn: () => void) => () => {
      try {
        fn();
      } catch (e) {
        this.fail(e);
      }
    };
    const onData = (d: Buffer | string) => guard(() => this.onKeys(parse(d.toString())))();
    const onResize = guard(() => {
      this.shown = null;
      this.io.output.write(CLEAR_SCREEN);
      this.render();
    });
    return new Promise<number>((resolve) => {
      this.done = resolve;
      output.write(ENTER_ALT_SCREEN + ENABLE_BRACKETED_PASTE);
      input.setRawMode?.(true);
      input.resume();
      input.on('data', onData);
      output.on('resize', onResize);
      this.render();
      if (this.initialPrompt?.trim()) this.submit(this.initialPrompt);
    }).finally(() => {
      input.off('data', onData);
      output.off('resize', onResize);
      input.setRawMode?.(false);
      input.pause();
      if (this.ticker) clearInterval(this.ticker);
      output.write(DISABLE_BRACKETED_PASTE + LEAVE_ALT_SCREEN + setWindowTitle(''));
      if (this.ranTurn) output.write(exitSummary(this.opened.thread.totalUsage, this.opened.thread.id, 'csm', this.state.title));
      this.opened.tools.close?.();
      this.opened.session.close();
      if (failure) reportUnexpected(failure, this.io.err, this.codexHome);
    });
  }

  private dispatch(a: ChatAction): void {
    this.state = reduce(this.state, a);
    this.render();
  }

  private render(): void {
    const cols = this.io.output.columns || 80;
    const rows = this.io.output.rows || 24;
    const now = Date.now();
    const next = drawChat(this.state, cols, rows, now);
    const title = windowTitle(this.state, now);
    this.io.output.write(diffFrames(this.shown, next) + (title !== this.shownTitle ? setWindowTitle(title) : ''));
    this.shown = next;
    this.shownTitle = title;
  }

  onDelta(delta: string): void {
    this.dispatch({ type: 'agent-delta', delta });
  }

  askApproval(request: ApprovalRequest): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      this.answerApproval = resolve;
      this.dispatch({ type: 'approval-requested', request });
    });
  }

  private answer(decision: ApprovalDecision): void {
    const resolve = this.answerApproval;
    this.answerApproval = null;
    this.dispatch({ type: 'approval-answered', decision, product: 'csm' });
    resolve?.(decision);
  }

  private onApprovalKey(k: Key): void {
    const approval = this.state.approval!;
    if (k.kind === 'up' || k.kind === 'down') this.dispatch({ type: 'approval-move', delta: k.kind === 'up' ? -1 : 1 });
    else if (k.kind === 'enter') this.answer(APPROVAL_OPTIONS[approval.choice].decision);
    else if (k.kind === 'escape' || k.kind === 'ctrl-c') this.answer('deny');
    else if (k.kind === 'text') {
      const opt = APPROVAL_OPTIONS.find((o) => o.letters.includes(k.text.toLowerCase()));
      if (opt) this.answer(opt.decision);
    }
  }

  private onKeys(keys: Key[]): void {
    if (this.suspended) return;
    for (const k of keys) {
      if (this.state.approval) {
        this.onApprovalKey(k);
        continue;
      }
      const popup = this.state.runningSince === null ? slashMatches(this.state.composer.text) : null;
      if (popup?.length) {
        const chosen = popup[Math.min(this.state.slashChoice, popup.length - 1)];
        if (k.kind === 'up' || k.kind === 'down') {
          this.dispatch({ type: 'slash-move', delta: k.kind === 'up' ? -1 : 1 });
          continue;
        }
        if (k.kind === 'tab') {
          this.dispatch({ type: 'set-composer', text: `/${chosen.name}${chosen.takesArgs ? ' ' : ''}` });
          continue;
        }
        if (k.kind === 'enter') {
          if (chosen.takesArgs) this.dispatch({ type: 'set-composer', text: `/${chosen.name} ` });
          else this.runSlash(`/${chosen.name}`).catch(this.fail);
          continue;
        }
      }
      const text = this.state.composer.text;
      const helpWasOpen = this.state.help;
      if (helpWasOpen) this.dispatch({ type: 'help', open: false });
      if (k.kind === 'left' && !text) {
        // The footer's "← for agents" is upstream's; csm has no agents view to open.
        this.dispatch({ type: 'info', text: 'csm has no agents view yet.' });
        continue;
      }
      const edit = EDITING_KEYS[k.kind];
      if (edit) {
        this.dispatch(edit);
        continue;
      }
      switch (k.kind) {
        case 'text':
          // On an empty composer, ? shows (or hides) the shortcuts instead of typing itself.
          if (k.text === '?' && !text) this.dispatch({ type: 'help', open: !helpWasOpen });
          else this.dispatch({ type: 'type', text: k.text });
          break;
        case 'paste':
          this.dispatch({ type: 'type', text: k.text });
          break;
        case 'enter':
          if (!text.trim() || this.state.runningSince !== null) break;
          if (parseSlash(text)) this.runSlash(text).catch(this.fail);
          else this.submit(text);
          break;
        case 'escape':
          this.turn?.abort();
          break;
        case 'pageup':
        case 'pagedown': {
          const page = Math.max(1, (this.io.output.rows || 24) - 8);
          this.dispatch({ type: 'scroll', delta: k.kind === 'pageup' ? page : -page });
          break;
        }
        case 'ctrl-c':
          if (this.state.runningSince !== null) this.turn?.abort();
          else if (text) this.dispatch({ type: 'clear-composer' });
          else this.done(0);
          break;
        case 'ctrl-d':
          if (!text && this.state.runningSince === null) this.done(0);
          break;
        default:
          break;
      }
    }
  }

  /** Runs a slash command line (`/rename my work`). */
  private async runSlash(line: string): Promise<void> {
    const parsed = parseSlash(line)!;
    this.dispatch({ type: 'clear-composer' });
    const id = this.opened.thread.id;
    switch (parsed.command?.name) {
      case 'quit':
      case 'exit':
        return this.done(0);
      case 'new':
        return this.switchTo({ kind: 'new' });
      case 'fork':
        if (!this.opened.session.history.length && !this.ranTurn) return this.dispatch({ type: 'info', text: 'Nothing to fork yet: this session has no turns.' });
        return this.switchTo({ kind: 'fork', id });
      case 'resume': {
        const picked = await this.pick();
        if (picked) await this.switchTo(picked === 'new' ? { kind: 'new' } : { kind: 'resume', id: picked });
        return;
      }
      case 'rename': {
        if (!parsed.args) return this.dispatch({ type: 'info', text: 'Usage: /rename NAME' });
        const { setName } = await import('../core/sessions/ops/names.ts');
        setName(this.codexHome, id, parsed.args);
        this.dispatch({ type: 'title', title: parsed.args });
        return this.dispatch({ type: 'info', text: `Renamed this session to "${parsed.args}".` });
      }
      case 'status': {
        const u = this.opened.thread.totalUsage;
        return this.dispatch({
          type: 'info',
          text: [`Session: ${id}`, `Model: ${this.cfg.model} (${this.cfg.modelProviderId})`, `Directory: ${this.cfg.cwd}`, `Approval: ${this.cfg.approvalPolicy} · Sandbox: ${this.cfg.sandboxMode}`, `Tokens: ${u.input_tokens} in (${u.cached_input_tokens} cached), ${u.output_tokens} out`].join('\n'),
        });
      }
      default:
        return this.dispatch({ type: 'info', text: `Unrecognized command '/${parsed.name}'. Type "/" for a list of commands.` });
    }
  }

  /** The session picker over this screen; the chat is drawn again afterwards. */
  private async pick(): Promise<string | 'new' | null> {
    this.suspended = true;
    try {
      const { pickSession } = await import('./picker/picker.ts');
      const r = await pickSession({ codexHome: this.codexHome, cwd: this.cfg.cwd, all: false, action: 'resume', input: this.io.input, output: this.io.output });
      return r.kind === 'picked' ? r.id : r.kind === 'new' ? 'new' : null;
    } finally {
      this.suspended = false;
      this.io.output.write(ENTER_ALT_SCREEN);
      this.io.input.setRawMode?.(true);
      this.io.input.resume();
      this.shown = null;
      this.render();
    }
  }

  /** Leaves this thread for another (new, resumed or forked); not while a turn runs. */
  private async switchTo(target: SessionTarget): Promise<void> {
    if (this.state.runningSince !== null) return;
    let next: OpenedThread;
    try {
      next = await this.open(target);
    } catch (e) {
      return this.dispatch({ type: 'info', text: (e as Error).message });
    }
    this.opened.tools.close?.();
    this.opened.session.close();
    this.opened = next;
    this.ranTurn = false;
    this.titled = next.session.history.length > 0;
    this.dispatch({ type: 'reset', history: await earlierCells(next.session, this.codexHome) });
  }

  private submit(text: string): void {
    const prompt = text.trim();
    this.dispatch({ type: 'submitted', text: prompt, at: Date.now() });
    this.ticker = setInterval(() => this.render(), 1000);
    if (!this.titled) {
      this.titled = true;
      // A title that arrives after /new or /resume belongs to the thread that asked.
      const thread = this.opened.thread;
      void thread.title(prompt).then((title) => title && this.opened.thread === thread && this.dispatch({ type: 'title', title }));
    }
    this.runTurn(prompt).catch(this.fail);
  }

  private async runTurn(prompt: string): Promise<void> {
    const abort = new AbortController();
    this.turn = abort;
    this.ranTurn = true;
    try {
      const turn = this.opened.thread.runTurn(prompt, abort.signal);
      for (;;) {
        const next = await turn.next();
        if (next.done) break;
        this.dispatch({ type: 'thread-event', event: next.value });
      }
    } catch (e) {
      this.dispatch({ type: 'thread-event', event: { type: 'turn.failed', error: { message: (e as Error).message } } });
    } finally {
      this.turn = null;
      if (this.ticker) clearInterval(this.ticker);
      this.ticker = null;
      this.dispatch({ type: 'turn-ended', at: Date.now(), now: new Date() });
    }
  }
}
