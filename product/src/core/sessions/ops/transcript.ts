// A readable transcript of a thread: what the user typed, what the assistant said, the commands it
// ran with their output, the patches it applied. Built from the rollout's response items in file
// order (what happened, not the compacted model history); harness context, reasoning and
// bookkeeping lines are left out. Renderers (markdown.ts, html.ts) turn it into text.
import { hasType, isContextualMessage, type ContentItem, type RolloutLine, type SessionMeta } from '../../rollout/index.ts';
import { redactSecrets } from './redact.ts';

export type Block =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'command'; command: string; output?: string; exitCode?: number | null }
  | { kind: 'patch'; patch: string; output?: string }
  | { kind: 'tool'; name: string; input: string; output?: string }
  | { kind: 'note'; text: string };

export interface TranscriptHeader {
  id: string;
  title: string;
  name: string | null;
  cwd: string | null;
  created: string | null;
  models: string[];
  forkedFromId: string | null;
}

export interface ExportTranscript {
  header: TranscriptHeader;
  blocks: Block[];
}

function contentText(content: readonly ContentItem[]): string {
  return content
    .map((c) => (hasType(c, 'input_text') || hasType(c, 'output_text') ? c.text : c.type === 'input_image' ? '[image]' : ''))
    .filter(Boolean)
    .join('\n');
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`);

/** `bash -lc "…"` shows as its script; any other argv as a quoted command line. */
function commandLine(argv: unknown): string | null {
  if (typeof argv === 'string') return argv;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return null;
  const words = argv as string[];
  if (words.length === 3 && /(^|\/)(ba|z)?sh$/.test(words[0]) && /^-l?c$/.test(words[1])) return words[2];
  return words.map(shellWord).join(' ');
}

/** Tool output as text: legacy outputs are JSON `{output, metadata:{exit_code}}`; content arrays are joined. */
function outputOf(output: unknown): { text: string; exitCode?: number | null } {
  if (typeof output === 'string') {
    const wrapped = parseObject(output);
    if (wrapped && typeof wrapped.output === 'string') {
      const meta = wrapped.metadata as { exit_code?: unknown } | undefined;
      return { text: wrapped.output, exitCode: typeof meta?.exit_code === 'number' ? meta.exit_code : undefined };
    }
    const code = /Process exited with code (-?\d+)/.exec(output);
    return { text: output, exitCode: code ? Number(code[1]) : undefined };
  }
  if (Array.isArray(output)) return { text: contentText(output as ContentItem[]) };
  return { text: JSON.stringify(redactSecrets(output).value, null, 2) ?? '' };
}

function callBlock(name: string, args: string): Block {
  const parsed = parseObject(args);
  if (name === 'apply_patch') {
    const patch = parsed && (typeof parsed.input === 'string' ? parsed.input : typeof parsed.patch === 'string' ? parsed.patch : null);
    if (patch) return { kind: 'patch', patch };
  }
  if (parsed) {
    const command = commandLine(parsed.cmd ?? parsed.command);
    if (command !== null && /shell|exec|terminal|command/.test(name)) return { kind: 'command', command };
    return { kind: 'tool', name, input: JSON.stringify(redactSecrets(parsed).value, null, 2) };
  }
  return { kind: 'tool', name, input: args };
}

export function buildTranscript(lines: readonly RolloutLine[], ownMeta: SessionMeta | null, name: string | null = null): ExportTranscript {
  const blocks: Block[] = [];
  const calls = new Map<string, Block>();
  const models: string[] = [];
  const attach = (callId: string, output: unknown) => {
    const out = outputOf(output);
    const block = calls.get(callId);
    if (block && (block.kind === 'command' || block.kind === 'patch' || block.kind === 'tool') && block.output === undefined) {
      block.output = out.text;
      if (block.kind === 'command') block.exitCode = out.exitCode;
    } else blocks.push({ kind: 'tool', name: 'output', input: '', output: out.text });
  };

  for (const line of lines) {
    if (hasType(line, 'turn_context')) {
      if (line.payload.model && !models.includes(line.payload.model)) models.push(line.payload.model);
    } else if (hasType(line, 'compacted')) {
      blocks.push({ kind: 'note', text: 'Earlier conversation was compacted.' });
    } else if (hasType(line, 'event_msg')) {
      const ev = line.payload;
      if (hasType(ev, 'thread_rolled_back')) blocks.push({ kind: 'note', text: `${ev.num_turns} turn(s) rolled back.` });
      else if (hasType(ev, 'turn_aborted')) blocks.push({ kind: 'note', text: 'Turn interrupted.' });
    } else if (hasType(line, 'response_item')) {
      const item = line.payload;
      if (hasType(item, 'message')) {
        if (isContextualMessage(item)) continue;
        const text = contentText(item.content);
        if (item.role === 'user') blocks.push({ kind: 'user', text });
        else if (item.role === 'assistant' && text) blocks.push({ kind: 'assistant', text });
      } else if (hasType(item, 'function_call')) {
        const block = callBlock(item.name, item.arguments);
        calls.set(item.call_id, block);
        blocks.push(block);
      } else if (hasType(item, 'custom_tool_call')) {
        const block: Block = item.name === 'apply_patch' ? { kind: 'patch', patch: item.input } : { kind: 'tool', name: item.name, input: item.input };
        calls.set(item.call_id, block);
        blocks.push(block);
      } else if (hasType(item, 'function_call_output') || hasType(item, 'custom_tool_call_output')) {
        attach(item.call_id, item.output);
      } else if (item.type === 'local_shell_call') {
        const { call_id, action } = item as { call_id?: unknown; action?: { command?: unknown } };
        const block: Block = { kind: 'command', command: commandLine(action?.command) ?? '' };
        if (typeof call_id === 'string') calls.set(call_id, block);
        blocks.push(block);
      } else if (item.type === 'web_search_call') {
        const query = (item as { action?: { query?: unknown } }).action?.query;
        blocks.push({ kind: 'note', text: typeof query === 'string' ? `Searched the web: ${query}` : 'Searched the web.' });
      }
    }
  }

  const id = ownMeta?.id ?? '';
  const firstUser = blocks.find((b): b is Extract<Block, { kind: 'user' }> => b.kind === 'user')?.text.replace(/\s+/g, ' ').trim();
  const title = name ?? (firstUser ? (firstUser.length > 80 ? `${firstUser.slice(0, 79)}…` : firstUser) : `Session ${id}`);
  return {
    header: {
      id,
      title,
      name,
      cwd: ownMeta?.cwd ?? null,
      created: ownMeta?.timestamp ?? null,
      models,
      forkedFromId: ownMeta?.forked_from_id ?? null,
    },
    blocks,
  };
}
