// upstream's app-server protocol, from the files generated from the pinned binary
// (product/protocol/app-server, `npm run protocol:generate`): the message types, and validators
// compiled from its JSON Schema bundle. Nothing here is written by hand but the lookups.
// A request's params are checked by validators compiled ahead of time (validators/, ajv's
// standalone code, a module per method): compiling them from the 1 MB schema at run time cost a server's first requests
// 100-300 ms. What csm sends is checked against the schema at run time (./protocol-check.ts: tests
// and the remote client), so the schema itself never loads with the app-server.
import type { ValidateFunction } from 'ajv';
import protocolVersion from '../../protocol/app-server/version.json' with { type: 'json' };
import * as precompiled from '../../protocol/app-server/validators/index.mjs';

/** The codex version whose protocol this is (the pinned upstream it was generated from). */
export const PROTOCOL_VERSION: string = protocolVersion.codex;

export type { ClientRequest } from '../../protocol/app-server/ts/ClientRequest.ts';
export type { ServerNotification } from '../../protocol/app-server/ts/ServerNotification.ts';
export type { ServerRequest } from '../../protocol/app-server/ts/ServerRequest.ts';
export type { InitializeParams } from '../../protocol/app-server/ts/InitializeParams.ts';
export type { InitializeResponse } from '../../protocol/app-server/ts/InitializeResponse.ts';
export type { Thread as ProtocolThread } from '../../protocol/app-server/ts/v2/Thread.ts';
export type { Turn as ProtocolTurn } from '../../protocol/app-server/ts/v2/Turn.ts';
export type { ThreadItem as ProtocolItem } from '../../protocol/app-server/ts/v2/ThreadItem.ts';
export type { ThreadStartParams } from '../../protocol/app-server/ts/v2/ThreadStartParams.ts';
export type { ThreadStartResponse } from '../../protocol/app-server/ts/v2/ThreadStartResponse.ts';
export type { TurnStartParams } from '../../protocol/app-server/ts/v2/TurnStartParams.ts';
export type { ThreadListParams } from '../../protocol/app-server/ts/v2/ThreadListParams.ts';
export type { CommandExecutionRequestApprovalResponse } from '../../protocol/app-server/ts/v2/CommandExecutionRequestApprovalResponse.ts';

let methods: Map<string, string | null> | null = null;

/** Every client request method the schema declares, in its order, with the name of its params definition. */
export function clientMethods(): Map<string, string | null> {
  return (methods ??= new Map(precompiled.CLIENT_METHODS));
}

export interface Invalid {
  /** ajv's first complaint, with where it is */
  message: string;
  /** A required field that is absent (upstream's serde says `missing field` for it). */
  missingField?: string;
}

/** A value against a compiled validator: null when valid, else ajv's first complaint. */
export function validate(ref: string, v: ValidateFunction | undefined, value: unknown): Invalid | null {
  if (!v) return { message: `no schema ${ref}` };
  if (v(value)) return null;
  const e = v.errors?.[0];
  const missing = e?.keyword === 'required' ? String((e.params as { missingProperty?: unknown }).missingProperty) : undefined;
  return { message: `${e?.instancePath || '(root)'} ${e?.message ?? 'is invalid'}${e?.params ? ' ' + JSON.stringify(e.params) : ''}`, ...(missing ? { missingField: missing } : {}) };
}

/**
 * A client request's params against upstream's schema for that method (null: valid or not checked).
 * Each method's validator is a module of its own, loaded the first time the method is asked.
 */
export async function checkParams(method: string, params: unknown): Promise<Invalid | null> {
  const ref = clientMethods().get(method);
  return ref ? validate(ref, await precompiled.loadValidator(ref), params) : null;
}

/** Loads a method's validator ahead of its first request (turn/start's while a thread opens). */
export function preloadValidator(method: string): void {
  const ref = clientMethods().get(method);
  if (ref) void precompiled.loadValidator(ref);
}
