// The `kind: jsonrpc` part of the scenario format: a scripted client conversation with a target's
// `app-server` (over stdio or a WebSocket), step by step. Strings in params and results may name
// earlier messages: `{{NAME.result.thread.id}}` is a path into the message saved `as: NAME` (a
// response, or a notification or server request a `wait_for` matched); `{{workspace}}` and
// `{{codex_home}}` are the run's directories. A string that is one reference alone takes the
// referenced value's type.
import * as z from 'zod';

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'names are lowercase words with _');
const method = z.string().min(1);
const timeout = z.number().int().positive().optional();

export const rpcStepSchema = z.union([
  /** Sends a request and waits for its response (an error response is a response too). */
  z.strictObject({ request: method, params: z.unknown().optional(), as: name.optional(), timeout_ms: timeout }),
  z.strictObject({ notify: method, params: z.unknown().optional() }),
  /**
   * Waits for a server message (notification or request) with this method that no earlier wait_for
   * claimed, received at any time so far; `match` is a partial value its params must contain.
   */
  z.strictObject({ wait_for: method, match: z.record(z.string(), z.unknown()).optional(), as: name.optional(), timeout_ms: timeout }),
  /** Answers the server request saved as NAME. */
  z.strictObject({ respond: name, result: z.unknown() }),
  /**
   * ws only: opens a connection with this bearer token (null: no Authorization header) and records
   * the outcome; a refused handshake is part of the transcript. Without a connect step, the first
   * message opens one with the scenario's own token.
   */
  z.strictObject({ connect: z.strictObject({ token: z.string().nullable() }) }),
  z.strictObject({ sleep: z.number().int().positive() }),
]);

export const jsonrpcSchema = z.strictObject({
  transport: z.enum(['stdio', 'ws']).default('stdio'),
  /** ws: the server runs with `--ws-auth capability-token --ws-token-file` holding this token. */
  auth_token: z.string().min(1).optional(),
  /**
   * Methods whose messages race with the rest on both targets (method → why). They are compared
   * as a multiset, apart from the ordered sequence of every other message.
   */
  unordered: z.record(method, z.string().min(1)).default({}),
  /** Methods left out of the transcript altogether (method → why: e.g. the machine's own state). */
  ignore: z.record(method, z.string().min(1)).default({}),
});

export type RpcStep = z.infer<typeof rpcStepSchema>;
export type JsonRpcSpec = z.infer<typeof jsonrpcSchema>;
