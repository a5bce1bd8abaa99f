// The scenario file format: what a person does and sees, in order. One YAML file per scenario.
import * as z from 'zod';
import { SESSION_SHAPES } from '../history/generate.ts';
import { mockScriptSchema } from '../mock/script.ts';
import { jsonrpcSchema, rpcStepSchema } from './jsonrpc.ts';

const keyName = z
  .string()
  .regex(/^(Enter|Esc|Tab|Backspace|Up|Down|Left|Right|Home|End|PageUp|PageDown|F\d{1,2}|Ctrl-[A-Z]|.)$/, {
    message: 'expected a key: Enter, Esc, Tab, Backspace, Up/Down/Left/Right, Home, End, PageUp, PageDown, F1..F12, Ctrl-A..Ctrl-Z or one character',
  });

export const stepSchema = z.union([
  z.strictObject({ type: z.string().min(1) }),
  z.strictObject({ press: keyName }),
  z.strictObject({ paste: z.string() }),
  z.strictObject({ resize: z.tuple([z.number().int().min(10), z.number().int().min(5)]) }),
  z.strictObject({ wait_for: z.string().min(1), timeout_ms: z.number().int().positive().optional() }),
  /** Waits until the terminal's window title (OSC 0/2) contains this text: a marker that is visible but not on the screen. */
  z.strictObject({ wait_for_title: z.string().min(1), timeout_ms: z.number().int().positive().optional() }),
  z.strictObject({ wait_idle: z.number().int().positive() }),
  z.strictObject({ wait_exit: z.literal(true), timeout_ms: z.number().int().positive().optional() }),
  z.strictObject({ sleep: z.number().int().positive() }),
  z.strictObject({ snapshot: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'snapshot names are lowercase words with - or _') }),
  /**
   * Motion: samples the screen every `every_ms` for `for_ms` and keeps the PTY bytes written
   * meanwhile. The golden holds the timeline's deterministic part (harness/capture/timeline.ts): the
   * distinct states of the row holding `row_match` (the status line), which cells animate, the
   * elapsed-seconds ticks, full clears and committed lines written twice; the frame cadence goes to
   * reference-captures/.
   */
  z.strictObject({
    sample: z.strictObject({
      name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'sample names are lowercase words with - or _'),
      every_ms: z.number().int().min(10).default(50),
      for_ms: z.number().int().min(100).max(30_000),
      /** The watched row is the first one containing this text, looked up in every sample. */
      row_match: z.string().min(1).default('esc to interrupt'),
    }),
  }),
]);

const workspaceSchema = z.strictObject({
  git: z.boolean().default(true),
  /** Whether the lab's config marks the workspace as a trusted project. */
  trusted: z.boolean().default(true),
  files: z.record(z.string(), z.string()).default({}),
  /** Files written after the fixture commit: uncommitted changes (e.g. for `review --uncommitted`). */
  changes: z.record(z.string(), z.string()).default({}),
});

/** Files by path relative to CODEX_HOME; a path that would land outside it is named in the error. */
const codexHomeFilesSchema = z.record(z.string(), z.string()).superRefine((files, ctx) => {
  for (const rel of Object.keys(files)) {
    if (!rel || rel.startsWith('/') || rel.split('/').includes('..')) ctx.addIssue({ code: 'custom', path: [rel], message: 'expected a path relative to CODEX_HOME, without ..' });
  }
});

/**
 * A session history generated into the run's CODEX_HOME before the first invocation, by
 * harness/history/generate.ts: `sessions` files, oldest first, session i shaped shapes[i % n]
 * (`paginated`: upstream 0.169.0's format, `legacy`: pre-ordinal, `compacted`: paginated with a
 * `compacted` line), every cwd the workspace, provider `mock`. Same seed, same bytes.
 * Without `shapes`, the generator's default mix (oldest 10% legacy).
 */
const historySchema = z.strictObject({
  sessions: z.number().int().min(1).max(50),
  bytes_per_session: z.number().int().min(4096).max(1 << 20),
  seed: z.number().int().nonnegative(),
  shapes: z.array(z.enum(SESSION_SHAPES)).min(1).optional(),
});

export const scenarioSchema = z
  .strictObject({
    description: z.string().min(1),
    kind: z.enum(['exec', 'tui', 'jsonrpc']),
    /** The same argv runs `codex` and `csm` (Codex's own terms). `{{last_session_id}}` is replaced by the id of the newest rollout. */
    argv: z.array(z.string()).default([]),
    /** TOML fragment merged over the lab's base config (model gpt-5.5 on the mock provider). */
    config: z.string().default(''),
    workspace: workspaceSchema.default({ git: true, trusted: true, files: {}, changes: {} }),
    /** Generated sessions in CODEX_HOME before the first run (see historySchema); resume one with `{{last_session_id}}`. */
    history: historySchema.optional(),
    /**
     * Files written into CODEX_HOME before the first run, by path relative to it: what a real home may
     * hold that no run produces (a damaged rollout, a file named like one that is not).
     */
    codex_home_files: codexHomeFilesSchema.default({}),
    /** Piped stdin for exec scenarios; absent means stdin is closed empty. */
    stdin: z.string().optional(),
    terminal: z.strictObject({ cols: z.number().int().min(20), rows: z.number().int().min(5) }).optional(),
    mock: mockScriptSchema,
    steps: z.array(stepSchema).default([]),
    /** kind jsonrpc: the transport and the client's conversation with `<target> app-server` (see jsonrpc.ts). */
    jsonrpc: jsonrpcSchema.extend({ steps: z.array(rpcStepSchema).min(1) }).optional(),
    /**
     * kind tui: the TUI runs as a client of an app-server (`--remote ws://…`) started in the same
     * CODEX_HOME. `server`: the target serves and upstream's TUI is the client; `client`: the target's
     * TUI is the client of upstream's app-server. Recorded with upstream on both sides either way.
     */
    remote: z.enum(['server', 'client']).optional(),
    /** The implementation that runs the first invocation whatever the target (cross-compatibility scenarios). */
    by: z.literal('upstream').optional(),
    /**
     * Follow-up exec runs in the same home (e.g. `exec resume --last`). `{argv, by: upstream}` pins a
     * run to upstream whatever the target, so a check proves the two read each other's sessions.
     */
    then: z.array(z.union([z.array(z.string()), z.strictObject({ argv: z.array(z.string()), by: z.literal('upstream') })])).default([]),
    /** Workspace files whose contents after the run are part of the golden (e.g. what -o or apply_patch wrote). */
    files_after: z.array(z.string().min(1)).default([]),
    timeout_ms: z.number().int().positive().default(60_000),
    /**
     * Why upstream's output here legitimately differs from run to run (a race inside upstream that no
     * step can pin down). `record` then keeps every output it sees as an alternative and `check`
     * accepts any of them. Without it, runs that disagree make `record` refuse.
     */
    upstream_varies: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.kind === 'tui' && !s.terminal) ctx.addIssue({ code: 'custom', path: ['terminal'], message: 'tui scenarios need terminal: {cols, rows}' });
    if (s.kind === 'exec' && s.steps.length) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'exec scenarios take no steps (they run with piped stdio)' });
    if (s.kind === 'jsonrpc' && !s.jsonrpc) ctx.addIssue({ code: 'custom', path: ['jsonrpc'], message: 'jsonrpc scenarios need jsonrpc: {transport, steps}' });
    if (s.kind !== 'jsonrpc' && s.jsonrpc) ctx.addIssue({ code: 'custom', path: ['jsonrpc'], message: 'only jsonrpc scenarios take jsonrpc:' });
    if (s.kind === 'jsonrpc' && (s.steps.length || s.argv.length || s.stdin !== undefined)) ctx.addIssue({ code: 'custom', path: ['steps'], message: 'jsonrpc scenarios hold their conversation in jsonrpc.steps (no argv, steps or stdin)' });
    if (s.kind !== 'tui' && s.remote) ctx.addIssue({ code: 'custom', path: ['remote'], message: 'only tui scenarios run against a remote app-server' });
    if (s.kind === 'tui' && s.stdin !== undefined) ctx.addIssue({ code: 'custom', path: ['stdin'], message: 'tui scenarios type into the terminal; use steps, not stdin' });
  });

export type Step = z.infer<typeof stepSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.infer<typeof scenarioSchema> & { name: string; file: string };
