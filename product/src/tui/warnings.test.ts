import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import { captureWarnings } from './warnings.ts';

describe('process warnings while the TUI runs', () => {
  let sink: ReturnType<typeof captureWarnings> | null = null;
  afterEach(() => sink?.restore());

  it("go to csm's log, not to Node's printer, and come back to it afterwards", () => {
    const home = makeWorkspace('csm-warnings-').root;
    const before = process.listeners('warning');
    sink = captureWarnings(home);
    expect(process.listeners('warning')).toHaveLength(1);
    process.emit('warning', Object.assign(new Error('11 abort listeners added to [AbortSignal]'), { name: 'MaxListenersExceededWarning' }));
    expect(sink.seen).toEqual(['MaxListenersExceededWarning: 11 abort listeners added to [AbortSignal]']);
    const log = path.join(home, 'log', 'csm.log');
    expect(existsSync(log) && readFileSync(log, 'utf8')).toContain('MaxListenersExceededWarning: 11 abort listeners');
    sink.restore();
    sink = null;
    expect(process.listeners('warning')).toEqual(before);
  });
});
