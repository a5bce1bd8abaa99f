// What the TUI needs of an open thread, whichever way it runs: in this process (open-thread.ts, a
// core Thread) or on an app-server the TUI is a client of (`--remote`, see remote/).
import type { Thread } from '../core/agent/thread.ts';
import type { ToolRouter } from '../core/agent/tools.ts';
import type { McpConnections } from '../core/mcp/connections.ts';
import type { Turn } from '../core/sessions/transcript.ts';
import type { OpenSession } from './session.ts';

export type ChatThread = Pick<
  Thread,
  'id' | 'contextUsed' | 'totalUsage' | 'runTurn' | 'compact' | 'title' | 'steer' | 'rollback' | 'recordUserShell' | 'changeModel' | 'setServiceTier' | 'setCollaborationMode' | 'enterReview' | 'exitReview'
> & {
  /** `!command` run where the thread lives (an app-server's thread); absent: the TUI runs it here and records it with recordUserShell */
  runShell?(command: string): Promise<{ output: string; exitCode: number | null; argv: string[]; durationMs: number }>;
  /** Why backtracking `numTurns` prompts cannot be done (an app-server's thread: a steered prompt is not a turn of its own); null: it can */
  rollbackRefusal?(numTurns: number): string | null;
};

export interface ChatOpened {
  thread: ChatThread;
  /** `turns`: the earlier turns as the TUI draws them, when the thread came with them (an app-server's) rather than from a rollout */
  session: Pick<OpenSession, 'history' | 'transcriptFile' | 'close'> & { turns?: Turn[] };
  tools: Pick<ToolRouter, 'close' | 'background' | 'stopBackground'>;
  /** the directories commands may write to */
  roots: string[];
  mcp?: McpConnections;
  /**
   * A thread on an app-server: where (as the person typed it), the folder and model it runs with
   * there, whether with no approvals and no sandbox, and the server's model catalogue (each model's
   * display name by its id; null when it would not list them).
   */
  remote?: { address: string; cwd: string; model: string; yolo?: boolean; modelNames?: Readonly<Record<string, string>> | null };
}
