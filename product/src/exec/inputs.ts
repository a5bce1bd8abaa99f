// Files exec is told about on its command line, checked before anything runs: a schema that cannot
// be read or is not JSON, or an output file whose folder is missing, ends exec with one line that
// names the file, before a session is opened or the model is asked.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { jsonSyntaxError } from './json-syntax.ts';

export class ExecInputError extends Error {}

const OS_ERRORS: Record<string, [string, number]> = {
  ENOENT: ['No such file or directory', 2],
  EACCES: ['Permission denied', 13],
  EPERM: ['Operation not permitted', 1],
  ENOTDIR: ['Not a directory', 20],
  EISDIR: ['Is a directory', 21],
  ELOOP: ['Too many levels of symbolic links', 40],
  ENAMETOOLONG: ['File name too long', 36],
};

/** An I/O error as codex words it: `No such file or directory (os error 2)`. */
export function osError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const known = OS_ERRORS[code];
  return known ? `${known[0]} (os error ${known[1]})` : (e as Error).message;
}

/** The `--output-schema` file's JSON. */
export function readOutputSchema(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new ExecInputError(`Failed to read output schema file ${file}: ${osError(e)}`);
  }
  const fault = jsonSyntaxError(text);
  if (fault) throw new ExecInputError(`Output schema file ${file} is not valid JSON: ${fault}`);
  return JSON.parse(text);
}

/** `-o FILE` can be written: its folder exists and is writable, and it is not itself a folder. */
export function checkOutputFile(file: string, cwd: string): void {
  const full = path.resolve(cwd, file);
  const fail = (e: unknown) => new ExecInputError(`Error: Failed to open last message file ${JSON.stringify(file)}: ${osError(e)}`);
  try {
    if (statSync(full, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    const dir = path.dirname(full);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw fail(e);
  }
}
