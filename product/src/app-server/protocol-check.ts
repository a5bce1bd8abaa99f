// What csm sends, checked against upstream's JSON Schema bundle at run time: every message csm's
// app-server sends (in tests) and every request the remote client sends. Its own module: the 1 MB
// schema and ajv load only where something is checked, never with the app-server itself.
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';
import schemaBundle from '../../protocol/app-server/schema/codex_app_server_protocol.schemas.json' with { type: 'json' };
import { clientMethods, validate, type Invalid } from './protocol.ts';

export type { Invalid } from './protocol.ts';

type Bundle = { definitions: Record<string, any> & { v2: Record<string, any> } };

let ajv: { getSchema(ref: string): ValidateFunction | undefined } | null = null;
// Loaded on first use only (ajv alone takes tens of ms to load).
const requireLazily = createRequire(import.meta.url);

/** The JSON Schema bundle. */
export function protocolSchema(): Bundle {
  return schemaBundle as unknown as Bundle;
}

function validator(): NonNullable<typeof ajv> {
  if (!ajv) {
    // The bundle is draft-07; formats such as int64/uint are descriptive, not validated. It is
    // upstream's own output, so it is not checked against the meta-schema.
    const { Ajv } = requireLazily('ajv') as { Ajv: typeof AjvClass };
    const a = new Ajv({ strict: false, validateFormats: false, allErrors: false, validateSchema: false });
    a.addSchema(protocolSchema() as object, 'codex');
    ajv = a;
  }
  return ajv;
}

const check = (ref: string, value: unknown) => validate(ref, validator().getSchema(`codex#/definitions/${ref}`), value);

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

/** A message csm sends, against the schema: a notification, a server request, or the response to `method`. */
export function checkOutgoing(message: Record<string, unknown>, requestMethod?: string): Invalid | null {
  if ('method' in message && 'id' in message) return check('ServerRequest', { id: message.id, method: message.method, params: message.params });
  if ('method' in message) return check('ServerNotification', { method: message.method, params: message.params });
  if ('error' in message) return check('JSONRPCError', { ...message, jsonrpc: '2.0' });
  if (!requestMethod) return { message: 'a response without its request method' };
  const ref = responseDefinition(requestMethod);
  return ref ? check(ref, message.result) : { message: `no response type for ${requestMethod}` };
}
