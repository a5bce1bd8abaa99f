import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { execCommandToolSpec, execToolSpecs, parseExecCommandArgs, parseWriteStdinArgs, writeStdinToolSpec } from './spec.ts';

const capture = fileURLToPath(new URL('../../../../../reference-captures/exec-tool-call/requests.full.json', import.meta.url));

type JsonSchema = { type?: string; enum?: string[]; items?: JsonSchema; description?: string };
type Tool = { type: string; name: string; strict: boolean; description: string; parameters: { properties: Record<string, JsonSchema>; required: string[]; additionalProperties: boolean } };

function upstreamTool(name: string): Tool {
  const requests = JSON.parse(readFileSync(capture, 'utf8')) as { body: { tools: Tool[] } }[];
  const tool = requests[0]!.body.tools.find((entry) => entry.name === name);
  if (!tool) throw new Error(`${name} is not in the capture`);
  return tool;
}

/** The schema with descriptions removed: names, types, enums, items. */
function shape(properties: Record<string, JsonSchema>) {
  return Object.fromEntries(
    Object.entries(properties).map(([key, { description: _description, ...rest }]) => [
      key,
      rest.items ? { ...rest, items: { type: rest.items.type } } : rest,
    ]),
  );
}

describe.each([
  ['exec_command', execCommandToolSpec],
  ['write_stdin', writeStdinToolSpec],
] as const)('the %s tool definition', (name, ours) => {
  const theirs = upstreamTool(name);

  it('is a non-strict function tool with that name', () => {
    expect(ours).toMatchObject({ type: 'function', name, strict: false });
  });

  it('has the parameter names, types, enums and required list upstream advertises', () => {
    expect(shape(ours.parameters.properties)).toEqual(shape(theirs.parameters.properties));
    expect(ours.parameters.required).toEqual(theirs.parameters.required);
    expect(ours.parameters.additionalProperties).toBe(false);
  });

  it('describes the tool and every parameter in its own words', () => {
    expect(ours.description).not.toBe(theirs.description);
    for (const [key, property] of Object.entries(ours.parameters.properties)) {
      expect(property.description, key).toBeTruthy();
      expect(property.description, key).not.toBe(theirs.parameters.properties[key]?.description);
    }
  });
});

describe('tool list', () => {
  it('offers exec_command then write_stdin', () => {
    expect(execToolSpecs.map((tool) => tool.name)).toEqual(['exec_command', 'write_stdin']);
  });
});

describe('argument parsing', () => {
  it('accepts the arguments upstream models send', () => {
    expect(parseExecCommandArgs('{"cmd":"echo hello-from-tool","yield_time_ms":1000}')).toEqual({
      ok: true,
      args: { cmd: 'echo hello-from-tool', yield_time_ms: 1000 },
    });
    expect(parseWriteStdinArgs('{"session_id":3,"chars":"y\\n"}')).toEqual({ ok: true, args: { session_id: 3, chars: 'y\n' } });
  });

  it('ignores keys it does not know', () => {
    expect(parseExecCommandArgs('{"cmd":"ls","future_flag":true}')).toEqual({ ok: true, args: { cmd: 'ls' } });
  });

  it('names the missing or mistyped field', () => {
    expect(parseExecCommandArgs('{"workdir":"/tmp"}')).toMatchObject({ ok: false, error: expect.stringContaining('cmd') });
    expect(parseWriteStdinArgs('{"session_id":"one"}')).toMatchObject({ ok: false, error: expect.stringContaining('session_id') });
    expect(parseExecCommandArgs('{"cmd":"ls","sandbox_permissions":"root"}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('sandbox_permissions'),
    });
  });

  it('reports JSON that does not parse', () => {
    expect(parseExecCommandArgs('{"cmd":')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^failed to parse function arguments for exec_command/),
    });
  });
});
