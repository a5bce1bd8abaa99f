// upstream's app-server protocol, from the files generated from the pinned binary
// (product/protocol/app-server, `npm run protocol:generate`): the message types, and validators
// compiled from its JSON Schema bundle. Nothing here is written by hand but the lookups.
// A request's params are checked by validators compiled ahead of time (validators.mjs, ajv's
// standalone code): compiling them from the 1 MB schema at run time cost a server's first requests
// 100-300 ms. What csm sends is checked (tests, the remote client) against the schema at run time.
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import schemaBundle from '../../protocol/app-server/schema/codex_app_server_protocol.schemas.json' with { type: 'json' };
import protocolVersion from '../../protocol/app-server/version.json' with { type: 'json' };
import * as precompiled from '../../protocol/app-server/validators.mjs';

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

type Bundle = { definitions: Record<string, any> & { v2: Record<string, any> } };

let ajv: { getSchema(ref: string): ValidateFunction | undefined } | null = null;
// Loaded on first use only (ajv alone takes tens of ms to load): the request path never needs it.
const requireLazily = createRequire(import.meta.url);

/** The JSON Schema bundle (bundled into the app-server's chunk, which loads only for `csm app-server`). */
export function protocolSchema(): Bundle {
  return schemaBundle as unknown as Bundle;
}

function validator(): NonNullable<typeof ajv> {
  if (!ajv) {
    // The bundle is draft-07; formats such as int64/uint are descriptive, not validated.
    // The bundle is upstream's own output, so it is not checked against the meta-schema (that alone
    // cost ~60 ms of every server's first request).
    const { Ajv } = requireLazily('ajv') as { Ajv: typeof AjvClass };
    const a = new Ajv({ strict: false, validateFormats: false, allErrors: false, validateSchema: false });
    a.addSchema(protocolSchema() as object, 'codex');
    ajv = a;
  }
  return ajv;
}

let methods: Map<string, string | null> | null = null;

/** Every client request method the schema declares, in its order, with the name of its params definition. */
export function clientMethods(): Map<string, string | null> {
  return (methods ??= new Map(precompiled.CLIENT_METHODS));
}

function definitionRef(name: string): string {
  return name.startsWith('v2/') ? `codex#/definitions/${name}` : `codex#/definitions/${name}`;
}

/** Upstream's name of a method's response type: the params name with Response (thread/start → v2/ThreadStartResponse). */
export function responseDefinition(method: string): string | null {
  const params = clientMethods().get(method);
  const defs = protocolSchema().definitions;
  const candidates: string[] = [];
  if (params) candidates.push(params.replace(/Params$/, 'Response'));
  const pascal = method.split(/[/_]/).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  candidates.push(`v2/${pascal}Response`, `${pascal}Response`);
  for (const c of candidates) {
    const [scope, name] = c.startsWith('v2/') ? [defs.v2, c.slice(3)] : [defs, c];
    if (name in scope) return c;
  }
  return null;
}

export interface Invalid {
  /** ajv's first complaint, with where it is */
  message: string;
  /** A required field that is absent (upstream's serde says `missing field` for it). */
  missingField?: string;
}

function check(ref: string, value: unknown, v: ValidateFunction | undefined = validator().getSchema(definitionRef(ref))): Invalid | null {
  if (!v) return { message: `no schema ${ref}` };
  if (v(value)) return null;
  const e = v.errors?.[0];
  const missing = e?.keyword === 'required' ? String((e.params as { missingProperty?: unknown }).missingProperty) : undefined;
  return { message: `${e?.instancePath || '(root)'} ${e?.message ?? 'is invalid'}${e?.params ? ' ' + JSON.stringify(e.params) : ''}`, ...(missing ? { missingField: missing } : {}) };
}

/** A client request's params against upstream's schema for that method (null: valid or not checked). */
export function checkParams(method: string, params: unknown): Invalid | null {
  const ref = clientMethods().get(method);
  return ref ? check(ref, params, precompiled.validators[ref]) : null;
}

/** A message csm sends, against the schema: a notification, a server request, or the response to `method`. */
export function checkOutgoing(message: Record<string, unknown>, requestMethod?: string): Invalid | null {
  if ('method' in message && 'id' in message) return check('ServerRequest', { id: message.id, method: message.method, params: message.params });
  if ('method' in message) return check('ServerNotification', { method: message.method, params: message.params });
  if ('error' in message) return check('JSONRPCError', { ...message, jsonrpc: '2.0' });
  if (!requestMethod) return { message: 'a response without its request method' };
  const ref = responseDefinition(requestMethod);
  return ref ? check(ref, message.result) : { message: `no response type for ${requestMethod}` };
}
