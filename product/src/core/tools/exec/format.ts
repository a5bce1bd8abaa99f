// The text `exec_command` and `write_stdin` send back to the model, in upstream's layout:
//
//   Chunk ID: 42a2dd
//   Wall time: 0.0000 seconds
//   Process exited with code 0            (or: Process running with session ID 3)
//   Original token count: 4
//   Output:
//   hello-from-tool
import { randomBytes } from 'node:crypto';

import { approxTokens, safeCut, truncationMarker } from './buffer.ts';

export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;
/** Characters per token used for budgets, as in upstream's approximation. */
const CHARS_PER_TOKEN = 4;

/** Six random hex digits naming one chunk of output. */
export function newChunkId(): string {
  return randomBytes(3).toString('hex');
}

/**
 * Keeps the head and the tail of `text` within `maxTokens` (about four characters each), putting
 * `…N tokens truncated…` where the middle was dropped.
 */
export function truncateMiddle(text: string, maxTokens: number): string {
  const budget = Math.max(0, Math.floor(maxTokens)) * CHARS_PER_TOKEN;
  if (text.length <= budget) return text;
  const headEnd = safeCut(text, Math.floor(budget / 2));
  const tailStart = safeCut(text, text.length - (budget - headEnd));
  return text.slice(0, headEnd) + truncationMarker(tailStart - headEnd) + text.slice(tailStart);
}

export interface ExecOutputFields {
  /** Defaults to a fresh random id. */
  readonly chunkId?: string;
  readonly wallTimeMs: number;
  /** Set once the process has exited. */
  readonly exitCode: number | null;
  /** Set while the process is still running. */
  readonly sessionId: number | null;
  /** The output to show (already collected, possibly cut by the session buffer). */
  readonly output: string;
  /** Characters the process actually printed; defaults to `output.length`. */
  readonly originalChars?: number;
  readonly maxOutputTokens?: number;
}

export function formatExecOutput(fields: ExecOutputFields): string {
  const lines = [
    `Chunk ID: ${fields.chunkId ?? newChunkId()}`,
    `Wall time: ${(Math.max(0, fields.wallTimeMs) / 1000).toFixed(4)} seconds`,
  ];
  if (fields.exitCode !== null) lines.push(`Process exited with code ${fields.exitCode}`);
  else if (fields.sessionId !== null) lines.push(`Process running with session ID ${fields.sessionId}`);
  lines.push(`Original token count: ${approxTokens(fields.originalChars ?? fields.output.length)}`);
  lines.push('Output:');
  const output = truncateMiddle(fields.output, fields.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
  return `${lines.join('\n')}\n${output}`;
}
