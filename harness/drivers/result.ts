// What one run of one scenario on one target produced, before normalization.
import type { Frame } from '../frames/screen.ts';
import type { RequestLogEntry } from '../mock/server.ts';
import type { TargetName } from './targets.ts';
import type { RunHome } from './home.ts';
import type { RpcEntry } from './jsonrpc-driver.ts';
import type { SampleWindow } from './tui-driver.ts';

export interface Invocation {
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export interface RolloutFile {
  /** Path relative to CODEX_HOME. */
  rel: string;
  text: string;
}

export interface RunResult {
  scenario: string;
  target: TargetName;
  run: RunHome;
  invocations: Invocation[];
  frames: Frame[];
  /** A TUI run's `sample` windows (motion), in step order. */
  samples: SampleWindow[];
  /** The raw PTY byte stream of a TUI run (for clear/flicker counters). */
  raw: string;
  requests: RequestLogEntry[];
  /** Mock-side problems (script exhausted, tool call without output) and driver errors (timeouts). */
  problems: string[];
  timings: { wallMs: number; firstFrameMs?: number; readyMs?: number; snapshots: Record<string, number> };
  rollouts: RolloutFile[];
  /** files_after: workspace path → content, or null when the file does not exist. */
  files: Record<string, string | null>;
  /** A jsonrpc scenario's conversation, and the methods it compares as a multiset. */
  rpc?: { transcript: RpcEntry[]; unordered: string[] };
}
