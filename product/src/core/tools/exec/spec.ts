// What we advertise to the model for `exec_command` and `write_stdin`, and the zod schemas their
// JSON arguments are checked against. Parameter names, types and the required lists follow what
// upstream 0.169.0 sends (reference-captures/exec-tool-call); the descriptions are our own words.
import * as z from 'zod';

/** A `{"type":"function"}` entry of the Responses API `tools` array. */
export interface FunctionToolSpec {
  readonly type: 'function';
  readonly name: string;
  readonly description: string;
  readonly strict: false;
  readonly parameters: {
    readonly type: 'object';
    readonly properties: Record<string, Record<string, unknown>>;
    readonly required: readonly string[];
    readonly additionalProperties: false;
  };
}

/** The output budget both tools share. */
const MAX_OUTPUT_TOKENS = {
  type: 'number',
  description: 'Most tokens of output to return (about four characters each); the middle is cut beyond it. Default 10000.',
};

export const execCommandToolSpec: FunctionToolSpec = {
  type: 'function',
  name: 'exec_command',
  description:
    'Run a shell command. Returns its output and exit code, or, if it is still running when the wait ends, ' +
    'a session ID you can pass to write_stdin to read more output or type input.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      cmd: { type: 'string', description: 'The command line, run by the shell.' },
      justification: {
        type: 'string',
        description: 'Only with `require_escalated`: one sentence, shown to the user, saying why the command must run outside the sandbox.',
      },
      login: {
        type: 'boolean',
        description: 'Start the shell as a login shell so profile files are read (default true); false runs it plainly.',
      },
      max_output_tokens: MAX_OUTPUT_TOKENS,
      prefix_rule: {
        type: 'array',
        description:
          'Only with `require_escalated`: the leading words of `cmd` the user may approve for later calls too, e.g. ["npm", "install"].',
        items: { type: 'string' },
      },
      sandbox_permissions: {
        type: 'string',
        description: '`use_default` (default) runs inside the sandbox; `require_escalated` asks to run this command without it.',
        enum: ['use_default', 'require_escalated'],
      },
      shell: { type: 'string', description: 'Path of the shell to run the command with. Defaults to /bin/bash.' },
      tty: {
        type: 'boolean',
        description: 'true gives the command a terminal (needed to type into it later with write_stdin); false or omitted uses pipes and no stdin.',
      },
      workdir: { type: 'string', description: 'Directory to run in, absolute or relative to the turn directory (the default).' },
      yield_time_ms: {
        type: 'number',
        description: 'How long to wait for the command to finish before returning what it printed so far. Default 10000, range 250-30000.',
      },
    },
    required: ['cmd'],
    additionalProperties: false,
  },
};

export const writeStdinToolSpec: FunctionToolSpec = {
  type: 'function',
  name: 'write_stdin',
  description:
    'Type characters into a command that exec_command left running, then return the output it printed since the last call. ' +
    'Send empty `chars` to just wait for more output.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      chars: {
        type: 'string',
        description: 'Text to send to the command\'s stdin, e.g. "y\\n" or "\\u0003" for Ctrl-C. Empty (default) sends nothing and only polls.',
      },
      max_output_tokens: MAX_OUTPUT_TOKENS,
      session_id: { type: 'number', description: 'The session ID exec_command returned.' },
      yield_time_ms: {
        type: 'number',
        description:
          'How long to wait for output or exit. After sending text: default 250, at most 30000. When only polling: default 5000, range 5000-300000.',
      },
    },
    required: ['session_id'],
    additionalProperties: false,
  },
};

/** Both tool definitions, in the order upstream lists them. */
export const execToolSpecs: readonly FunctionToolSpec[] = [execCommandToolSpec, writeStdinToolSpec];

const finiteNumber = z.number().refine(Number.isFinite, 'must be a finite number');

export const sandboxPermissionsSchema = z.enum(['use_default', 'require_escalated']);
export type SandboxPermissions = z.infer<typeof sandboxPermissionsSchema>;

/** Arguments of `exec_command`. Unknown keys are ignored, as upstream's deserializer does. */
export const execCommandArgsSchema = z.object({
  cmd: z.string(),
  justification: z.string().optional(),
  login: z.boolean().optional(),
  max_output_tokens: finiteNumber.optional(),
  prefix_rule: z.array(z.string()).optional(),
  sandbox_permissions: sandboxPermissionsSchema.optional(),
  shell: z.string().optional(),
  tty: z.boolean().optional(),
  workdir: z.string().optional(),
  yield_time_ms: finiteNumber.optional(),
});
export type ExecCommandArgs = z.infer<typeof execCommandArgsSchema>;

/** Arguments of `write_stdin`. */
export const writeStdinArgsSchema = z.object({
  session_id: finiteNumber,
  chars: z.string().optional(),
  max_output_tokens: finiteNumber.optional(),
  yield_time_ms: finiteNumber.optional(),
});
export type WriteStdinArgs = z.infer<typeof writeStdinArgsSchema>;

export type ParsedArgs<T> = { ok: true; args: T } | { ok: false; error: string };

/** Parses the `arguments` JSON string of a function call; the error reads well to the model. */
function parseArgs<T>(tool: string, schema: z.ZodType<T>, json: string): ParsedArgs<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `failed to parse function arguments for ${tool}: ${(error as Error).message}` };
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, args: result.data };
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'arguments';
    return `${where}: ${issue.message}`;
  });
  return { ok: false, error: `failed to parse function arguments for ${tool}: ${problems.join('; ')}` };
}

export function parseExecCommandArgs(json: string): ParsedArgs<ExecCommandArgs> {
  return parseArgs('exec_command', execCommandArgsSchema, json);
}

export function parseWriteStdinArgs(json: string): ParsedArgs<WriteStdinArgs> {
  return parseArgs('write_stdin', writeStdinArgsSchema, json);
}
