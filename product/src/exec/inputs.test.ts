import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { checkOutputFile, ExecInputError, readOutputSchema } from './inputs.ts';

let ws: TestWorkspace;
afterEach(() => ws?.remove());

describe("exec's files are checked before the turn", () => {
  it('reads a schema file as JSON, relative to the working directory', () => {
    ws = makeWorkspace('csm-exec-inputs-');
    ws.write('schema.json', '{"type":"object"}');
    expect(readOutputSchema('schema.json', ws.root)).toEqual({ type: 'object' });
  });

  it('names a schema file that is missing, with the OS error as codex words it', () => {
    expect(() => readOutputSchema('/nonexistent', '/')).toThrow(new ExecInputError('Failed to read output schema file /nonexistent: No such file or directory (os error 2)'));
  });

  it('names a schema file that is not JSON, on one line', () => {
    ws = makeWorkspace('csm-exec-inputs-');
    ws.write('bad.json', 'nope\n');
    let message = '';
    try {
      readOutputSchema('bad.json', ws.root);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith('Output schema file bad.json is not valid JSON: ')).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('accepts an output file in an existing folder, and refuses a missing folder or a folder as the file', () => {
    ws = makeWorkspace('csm-exec-inputs-');
    mkdirSync(path.join(ws.root, 'out'));
    expect(() => checkOutputFile('out/last.txt', ws.root)).not.toThrow();
    expect(() => checkOutputFile('/missing/dir/out.txt', ws.root)).toThrow('Error: Failed to open last message file "/missing/dir/out.txt": No such file or directory (os error 2)');
    expect(() => checkOutputFile('out', ws.root)).toThrow('Is a directory (os error 21)');
    writeFileSync(path.join(ws.root, 'file'), '');
    expect(() => checkOutputFile('file/x.txt', ws.root)).toThrow('Not a directory (os error 20)');
  });
});
