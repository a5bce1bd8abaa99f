// `/status`: the session's card as upstream draws it: the command echoed, the product header, then
// one labelled row per fact (model with reasoning effort and summaries, provider, directory,
// permissions, AGENTS.md files, thread name, collaboration mode, session), token usage, the context
// window once a turn reported usage, and the rate limits. Facts in, styled lines out; no I/O here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectDirs } from '../core/agent/agents-md.ts';
import type { Span, Style } from './screen/canvas.ts';

export interface StatusFacts {
  product: string;
  version: string;
  model: string;
  effort: string | null;
  summary: string | null;
  provider: string;
  cwdLabel: string;
  sandboxMode: string;
  approvalPolicy: string;
  agentsFiles: string[];
  title: string | null;
  threadId: string;
  usage: { input: number; cached: number; output: number };
  /** the newest turn's tokens and the model's window, once a turn reported them */
  context: { used: number; window: number } | null;
}

const DIM: Style = { dim: true };
const LABEL_WIDTH = 21;
/** Tokens every request carries whatever the conversation (instructions, tools): not counted against the window shown. */
const BASELINE_TOKENS = 12_000;

/** The AGENTS.md files the model reads for this directory, relative to it, root first. */
export function agentsFiles(cwd: string): string[] {
  const out: string[] = [];
  for (const dir of projectDirs(cwd)) {
    for (const name of ['AGENTS.override.md', 'AGENTS.md']) {
      const file = path.join(dir, name);
      if (existsSync(file) && readFileSync(file, 'utf8').trim()) {
        out.push(path.relative(cwd, file) || name);
        break;
      }
    }
  }
  return out;
}

const SANDBOX_NAMES: Record<string, string> = { 'workspace-write': 'Workspace', 'read-only': 'Read Only', 'danger-full-access': 'Full Access' };
const APPROVAL_NAMES: Record<string, string> = { 'on-request': 'Ask for approval', untrusted: 'Ask for untrusted commands', 'on-failure': 'Ask on failure', never: 'Never ask' };

export function permissionsLabel(sandboxMode: string, approvalPolicy: string): string {
  return `${SANDBOX_NAMES[sandboxMode] ?? sandboxMode} (${APPROVAL_NAMES[approvalPolicy] ?? approvalPolicy})`;
}

/** 258400 → "258K", as upstream abbreviates token counts. */
export function shortTokens(n: number): string {
  if (n >= 1_000_000) return `${Math.floor(n / 100_000) / 10}M`.replace('.0M', 'M');
  if (n >= 1000) return `${Math.floor(n / 1000)}K`;
  return String(n);
}

/** How much of the window is left, in percent, the fixed baseline set aside. */
export function contextLeft(used: number, window: number): number {
  if (window <= BASELINE_TOKENS) return 0;
  const effective = window - BASELINE_TOKENS;
  const spent = Math.max(0, used - BASELINE_TOKENS);
  return Math.round((Math.max(0, effective - spent) / effective) * 100);
}

const row = (label: string, value: Span[]): Span[] => [{ text: `  ${`${label}:`.padEnd(LABEL_WIDTH)}`, style: DIM }, ...value];

export function statusCardLines(f: StatusFacts): Span[][] {
  const model = f.model.replace(/^gpt/i, 'GPT');
  const input = Math.max(0, f.usage.input - f.usage.cached);
  const lines: Span[][] = [
    [{ text: '/status', style: { fg: 5 } }],
    [],
    [{ text: '  ' }, { text: '>_ ', style: { fg: '#63a8f8' } }, { text: f.product, style: { bold: true } }, { text: ` (v${f.version})`, style: DIM }],
    [],
    row('Model', [{ text: model }, { text: ` (reasoning ${f.effort ?? 'medium'}, summaries ${f.summary ?? 'auto'})`, style: DIM }]),
    row('Model provider', [{ text: f.provider }]),
    row('Directory', [{ text: f.cwdLabel }]),
    row('Permissions', [{ text: permissionsLabel(f.sandboxMode, f.approvalPolicy) }]),
    row('Agents.md', [{ text: f.agentsFiles.length ? f.agentsFiles.join(', ') : '<none>' }]),
  ];
  if (f.title) lines.push(row('Thread name', [{ text: f.title }]));
  lines.push(row('Collaboration mode', [{ text: 'Default' }]), row('Session', [{ text: f.threadId }]), []);
  lines.push(row('Token usage', [{ text: `${input + f.usage.output} total ` }, { text: ` (${input} input + ${f.usage.output} output)`, style: DIM }]));
  if (f.context) {
    lines.push(row('Context window', [{ text: `${contextLeft(f.context.used, f.context.window)}% left` }, { text: ` (${f.context.used} used / ${shortTokens(f.context.window)})`, style: DIM }]));
  }
  lines.push(row('Limits', [{ text: 'data not available yet', style: DIM }]));
  return lines;
}
