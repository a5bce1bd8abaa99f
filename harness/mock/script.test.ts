import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseMockScript } from './script.ts';

function errorOf(input: unknown): string {
  try {
    parseMockScript(input);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the script to be rejected');
}

describe('mock script schema', () => {
  it('reads the YAML form and fills in defaults', () => {
    const script = parseMockScript(
      parseYaml(`
turns:
  - output:
      - reasoning: "**Thinking** about the greeting"
      - text: "Hi! This is the mock."
      - exec_command: { cmd: "echo hi", yield_time_ms: 1000, sandbox_permissions: require_escalated, justification: "why" }
      - function_call: { name: update_plan, arguments: { plan: [] } }
      - apply_patch: "*** Begin Patch\\n*** End Patch\\n"
    faults:
      - { status: 429, retry_after: 1 }
      - { stream: drop }
`),
    );
    expect(script.title).toBe('Mock task');
    const [turn] = script.turns;
    expect(turn.output).toHaveLength(5);
    expect(turn.chunks).toBe(3);
    expect(turn.chunk_delay_ms).toBe(5);
    expect(turn.usage).toEqual({ input_tokens: 120, cached_input_tokens: 0, output_tokens: 12, reasoning_output_tokens: 0 });
    expect(turn.faults).toEqual([{ status: 429, retry_after: 1 }, { stream: 'drop' }]);
    expect(turn.fault_always).toBeUndefined();
  });

  it('fills unspecified usage fields with their defaults', () => {
    const script = parseMockScript({ turns: [{ output: [], usage: { output_tokens: 5 } }] });
    expect(script.turns[0].usage).toEqual({ input_tokens: 120, cached_input_tokens: 0, output_tokens: 5, reasoning_output_tokens: 0 });
  });

  it('names the path of an unknown key', () => {
    expect(errorOf({ turns: [{ output: [{ txt: 'hi' }] }] })).toContain('at turns.0.output.0: Unrecognized key: "txt"');
    expect(errorOf({ turns: [{ output: [{ exec_command: { cmd: 'ls', yeild_time_ms: 5 } }] }] })).toContain(
      'at turns.0.output.0.exec_command: Unrecognized key: "yeild_time_ms"',
    );
    expect(errorOf({ turns: [], turn: [] })).toContain('at (top level): Unrecognized key: "turn"');
  });

  it('names the path of a value of the wrong type', () => {
    expect(errorOf({ turns: [{ output: [{ text: 5 }] }] })).toMatch(/at turns\.0\.output\.0\.text: .*expected string/);
    expect(errorOf({ turns: [{ output: [], chunks: 0 }] })).toContain('at turns.0.chunks: chunks must be at least 1');
    expect(errorOf({ turns: [{ output: [{ function_call: { name: 'f', arguments: 5 } }] }] })).toContain(
      'at turns.0.output.0.function_call.arguments: function_call.arguments must be an object or a JSON string',
    );
  });

  it('requires exactly one kind per output item', () => {
    expect(errorOf({ turns: [{ output: [{ text: 'a', reasoning: 'b' }] }] })).toContain(
      'at turns.0.output.0: an output item needs exactly one of reasoning, text, exec_command, function_call, apply_patch, tool_search; got reasoning and text',
    );
  });

  it('explains malformed faults', () => {
    const message = errorOf({ turns: [{ output: [], faults: [{ status: 200 }, { stream: 'nope' }, {}, { stream: 'drop', retry_after: 1 }] }] });
    expect(message).toContain('at turns.0.faults.0.status: fault status must be 400..599');
    expect(message).toMatch(/at turns\.0\.faults\.1\.stream: .*"malformed"\|"drop"\|"no_completed"/);
    expect(message).toContain('at turns.0.faults.2: a fault needs exactly one of status (an HTTP error) or stream');
    expect(message).toContain('at turns.0.faults.3.retry_after: retry_after only applies to status faults');
  });
});
