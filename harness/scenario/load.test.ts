import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios, parseScenario } from './load.ts';

const minimal = `
description: says hi
kind: exec
argv: [exec, "say hi"]
mock:
  turns:
    - output:
        - text: hi
`;

describe('scenario files', () => {
  it('parse into a scenario named after the file, with defaults filled in', () => {
    const s = parseScenario(minimal, 'scenarios/exec-hi.yaml');
    expect(s.name).toBe('exec-hi');
    expect(s.workspace).toEqual({ git: true, trusted: true, files: {}, changes: {} });
    expect(s.steps).toEqual([]);
    expect(s.config).toBe('');
  });

  it('name the file, the path and the problem when a field has the wrong type', () => {
    const bad = minimal.replace('argv: [exec, "say hi"]', 'argv: "exec say hi"');
    expect(() => parseScenario(bad, 'scenarios/bad.yaml')).toThrow(/scenarios\/bad\.yaml: invalid scenario\n\s+at argv: .*expected array/);
  });

  it('accept a generated history and reject an unknown session shape', () => {
    const h = parseScenario(minimal + 'history: { sessions: 3, bytes_per_session: 20000, seed: 7, shapes: [paginated, legacy, compacted] }\n', 'h.yaml');
    expect(h.history).toEqual({ sessions: 3, bytes_per_session: 20000, seed: 7, shapes: ['paginated', 'legacy', 'compacted'] });
    expect(() => parseScenario(minimal + 'history: { sessions: 1, bytes_per_session: 20000, seed: 7, shapes: [v2] }\n', 'h.yaml')).toThrow(/at history\.shapes\.0/);
  });

  it('accept files for CODEX_HOME by relative path, and refuse one that would land outside it', () => {
    const s = parseScenario(minimal + 'codex_home_files: { "sessions/2026/11/20/rollout-x.jsonl": "" }\n', 'c.yaml');
    expect(s.codex_home_files).toEqual({ 'sessions/2026/11/20/rollout-x.jsonl': '' });
    expect(parseScenario(minimal, 'c.yaml').codex_home_files).toEqual({});
    for (const bad of ['../config.toml', 'sessions/../../x', '/etc/passwd']) {
      expect(() => parseScenario(minimal + `codex_home_files: { "${bad}": "x" }\n`, 'c.yaml')).toThrow(/at codex_home_files.*relative to CODEX_HOME/s);
    }
  });

  it('reject unknown keys instead of ignoring a typo', () => {
    expect(() => parseScenario(minimal + 'stepz: []\n', 'x.yaml')).toThrow(/x\.yaml: invalid scenario[\s\S]*stepz/);
  });

  it('reject an unknown key name in a press step, naming the step', () => {
    const tui = `
description: t
kind: tui
terminal: { cols: 80, rows: 24 }
mock: { turns: [] }
steps:
  - press: Entr
`;
    expect(() => parseScenario(tui, 'k.yaml')).toThrow(/at steps\.0/);
  });

  it('require a terminal size for tui scenarios and forbid steps in exec scenarios', () => {
    expect(() => parseScenario(minimal.replace('kind: exec', 'kind: tui'), 't.yaml')).toThrow(/at terminal: tui scenarios need terminal/);
    expect(() => parseScenario(minimal + 'steps:\n  - snapshot: x\n', 'e.yaml')).toThrow(/at steps: exec scenarios take no steps/);
  });

  it('take remote: server|client on tui scenarios only (which side of --remote the target plays)', () => {
    const tui = 'description: t\nkind: tui\nterminal: { cols: 80, rows: 24 }\nmock: { turns: [] }\n';
    expect(parseScenario(tui + 'remote: server\n', 'r.yaml').remote).toBe('server');
    expect(parseScenario(tui + 'remote: client\n', 'r.yaml').remote).toBe('client');
    expect(parseScenario(tui, 'r.yaml').remote).toBeUndefined();
    expect(() => parseScenario(tui + 'remote: both\n', 'r.yaml')).toThrow(/at remote/);
    expect(() => parseScenario(minimal + 'remote: server\n', 'e.yaml')).toThrow(/at remote: only tui scenarios run against a remote app-server/);
  });

  it('take a sample step: a named window, every 50 ms by default, watching the status row unless told otherwise', () => {
    const tui = 'description: t\nkind: tui\nterminal: { cols: 80, rows: 24 }\nmock: { turns: [] }\nsteps:\n';
    expect(parseScenario(tui + '  - sample: { name: working, for_ms: 2000 }\n', 's.yaml').steps).toEqual([{ sample: { name: 'working', every_ms: 50, for_ms: 2000, row_match: 'esc to interrupt' } }]);
    expect(parseScenario(tui + '  - sample: { name: w, every_ms: 20, for_ms: 500, row_match: Thinking }\n', 's.yaml').steps[0]).toEqual({ sample: { name: 'w', every_ms: 20, for_ms: 500, row_match: 'Thinking' } });
    expect(() => parseScenario(tui + '  - sample: { name: w }\n', 's.yaml')).toThrow(/at steps\.0/);
    expect(() => parseScenario(tui + '  - sample: { name: W x, for_ms: 500 }\n', 's.yaml')).toThrow(/sample names are lowercase/);
    expect(() => parseScenario(tui + '  - sample: { name: w, for_ms: 500, every: 5 }\n', 's.yaml')).toThrow(/every/);
  });

  it('report YAML syntax errors with the file name', () => {
    expect(() => parseScenario('kind: [exec', 'y.yaml')).toThrow(/^y\.yaml: not valid YAML/);
  });

  it('select by --grep and split by --shard without overlap', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scen-'));
    for (const n of ['a-one', 'a-two', 'b-three', 'b-four', 'c-five']) writeFileSync(path.join(dir, `${n}.yaml`), minimal);
    expect(loadScenarios(dir, { grep: '^b-' }).map((s) => s.name)).toEqual(['b-four', 'b-three']);
    const shards = ['1/2', '2/2'].map((shard) => loadScenarios(dir, { shard }).map((s) => s.name));
    expect(shards.flat().sort()).toEqual(['a-one', 'a-two', 'b-four', 'b-three', 'c-five']);
    expect(shards[0].filter((n) => shards[1].includes(n))).toEqual([]);
    expect(() => loadScenarios(dir, { shard: '3/2' })).toThrow(/--shard/);
  });
});

describe('the committed scenarios', () => {
  it('all validate', () => {
    const all = loadScenarios(path.resolve('scenarios'));
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  it('jsonrpc scenarios hold their conversation in jsonrpc: (transport, steps), and say which steps are wrong', () => {
    const rpc = `description: talks JSON-RPC\nkind: jsonrpc\nmock: {}\njsonrpc:\n  steps:\n    - request: initialize\n      params: { clientInfo: { name: lab } }\n      as: init\n    - wait_for: turn/completed\n`;
    const s = parseScenario(rpc, 'scenarios/rpc.yaml');
    expect(s.jsonrpc).toMatchObject({ transport: 'stdio', unordered: {}, ignore: {}, steps: [{ request: 'initialize', as: 'init' }, { wait_for: 'turn/completed' }] });
    expect(() => parseScenario('description: x\nkind: jsonrpc\nmock: {}\n', 'scenarios/none.yaml')).toThrow(/at jsonrpc: jsonrpc scenarios need jsonrpc/);
    expect(() => parseScenario(rpc.replace('- wait_for: turn/completed', '- respond: 3'), 'scenarios/bad.yaml')).toThrow(/at jsonrpc\.steps\.1/);
    expect(() => parseScenario(minimal + 'jsonrpc: { steps: [{ notify: initialized }] }\n', 'scenarios/exec.yaml')).toThrow(/only jsonrpc scenarios take jsonrpc/);
  });
});
