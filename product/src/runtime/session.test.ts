// What a resumed session's rollout says about how to continue it: the world-state baseline, the
// settings it last recorded, and whether it is a legacy file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newThreadId, rolloutPath, type RolloutLine } from '../core/rollout/index.ts';
import { lastStoredSettings, lastTurnSettings, openSession, SessionOpenError, worldStateBaseline, type OpenSessionOptions } from './session.ts';

const line = (type: string, payload: unknown): RolloutLine => ({ timestamp: '2026-11-24T23:03:56.767Z', type, payload }) as RolloutLine;
const world = (full: boolean, state: Record<string, unknown>) => line('world_state', { full, state });
const compacted = line('compacted', { message: 'notes', replacement_history: [] });
const say = (text: string) => line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

describe('worldStateBaseline', () => {
  it('is null when no world_state was recorded', () => {
    expect(worldStateBaseline([say('hi')])).toBeNull();
  });

  it('replays a snapshot and the patches after it, in file order (null deletes)', () => {
    const lines = [
      world(true, { env: { cwd: '/a', date: '2026-11-24' }, model: 'gpt-5.4', tools: 'x' }),
      say('hi'),
      world(false, { env: { date: '2026-11-25' }, tools: null }),
      world(false, { model: 'gpt-5.5' }),
    ];
    expect(worldStateBaseline(lines)).toEqual({ env: { cwd: '/a', date: '2026-11-25' }, model: 'gpt-5.5' });
  });

  it('starts over at a newer snapshot', () => {
    expect(worldStateBaseline([world(true, { a: 1, b: 2 }), world(true, { c: 3 })])).toEqual({ c: 3 });
  });

  it('is reset by a compaction, and a patch alone does not rebuild it', () => {
    expect(worldStateBaseline([world(true, { a: 1 }), compacted])).toBeNull();
    expect(worldStateBaseline([world(true, { a: 1 }), compacted, world(false, { a: 2 })])).toBeNull();
    expect(worldStateBaseline([world(true, { a: 1 }), compacted, world(true, { a: 2 })])).toEqual({ a: 2 });
  });

  it('does not change the lines it replays', () => {
    const first = world(true, { env: { cwd: '/a' } });
    worldStateBaseline([first, world(false, { env: { cwd: '/b' } })]);
    expect(first.payload).toEqual({ full: true, state: { env: { cwd: '/a' } } });
  });
});

describe('turn settings recorded in the rollout', () => {
  const legacy = line('turn_context', { cwd: '/ws', approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write', network_access: false }, model: 'gpt-5-codex' });
  const current = line('turn_context', { turn_id: 't1', cwd: '/ws', approval_policy: 'never', sandbox_policy: { type: 'danger-full-access' }, model: 'gpt-5.4' });

  it('lastStoredSettings takes the newest turn context, legacy ones (sandbox under `mode`) included', () => {
    expect(lastStoredSettings([current, legacy])).toEqual({ model: 'gpt-5-codex', approval: 'on-request', sandbox: 'workspace-write' });
    expect(lastStoredSettings([legacy, current])).toEqual({ model: 'gpt-5.4', approval: 'never', sandbox: 'danger-full-access' });
    expect(lastStoredSettings([say('hi')])).toBeNull();
  });

  it('lastTurnSettings only counts turn contexts that name their turn', () => {
    expect(lastTurnSettings([legacy])).toBeNull();
    expect(lastTurnSettings([current, legacy])).toEqual({ model: 'gpt-5.4', approval: 'never', sandbox: 'danger-full-access' });
  });
});

describe('openSession on resume', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'csm-exec-session-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const write = (id: string, lines: object[]) => {
    const file = rolloutPath(home, id, new Date('2026-11-24T23:03:56Z'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, lines.map((l) => JSON.stringify({ timestamp: '2026-11-24T23:03:56.767Z', ...l }) + '\n').join(''));
  };
  const options = (id: string): OpenSessionOptions => ({
    codexHome: home,
    cwd: '/ws',
    target: { kind: 'resume', id },
    ephemeral: true,
    provider: 'mock',
    baseInstructions: 'base',
    source: 'exec',
    originator: 'codex_exec',
    cliVersion: '0.1.0',
  });
  const meta = (id: string, extra = {}) => ({ type: 'session_meta', payload: { id, timestamp: '2026-11-24T23:03:56.659Z', cwd: '/ws', originator: 'codex_exec', cli_version: '0.46.0', source: 'exec', ...extra } });
  const user = { type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } };

  it('marks a file without ordinals or history_mode legacy, with no baseline and no turn settings', async () => {
    const id = newThreadId();
    write(id, [meta(id), { type: 'turn_context', payload: { cwd: '/ws', approval_policy: 'on-request', sandbox_policy: { mode: 'read-only' }, model: 'gpt-5-codex' } }, user]);
    const s = await openSession(options(id));
    try {
      expect(s).toMatchObject({ legacy: true, worldState: null, lastSettings: null, storedSettings: { model: 'gpt-5-codex', approval: 'on-request', sandbox: 'read-only' } });
    } finally {
      s.close();
    }
  });

  it.each([
    ['an empty file', '', 'rollout at FILE is empty'],
    ['a binary file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x0a]), 'stream did not contain valid UTF-8'],
    ['garbage text', 'not a session\n', 'rollout at FILE is empty'],
  ])('refuses %s named like a rollout, in upstream words, and leaves it as it was', async (_, content, problem) => {
    const id = newThreadId();
    const file = rolloutPath(home, id, new Date('2026-11-24T23:03:56Z'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    for (const [kind, method] of [['resume', 'thread/resume'], ['fork', 'thread/fork']] as const) {
      const open = openSession({ ...options(id), target: { kind, id }, ephemeral: false });
      await expect(open).rejects.toThrow(SessionOpenError);
      await expect(open).rejects.toThrow(
        `Error: ${method}: ${method} failed: failed to read thread: thread-store internal error: failed to read session metadata ${file}: ${problem.replaceAll('FILE', file)} (code -32603)`,
      );
    }
    expect(readFileSync(file)).toEqual(Buffer.from(content));
  });

  it('refuses a session another writer holds, with upstream\'s one line', async () => {
    const id = newThreadId();
    write(id, [meta(id), user]);
    const first = await openSession({ ...options(id), ephemeral: false });
    try {
      await expect(openSession({ ...options(id), ephemeral: false })).rejects.toThrow(
        new SessionOpenError(`Error: thread/resume: thread/resume failed: thread ${id} already has an active writer (code -32600)`),
      );
    } finally {
      first.close();
    }
    (await openSession({ ...options(id), ephemeral: false })).close();
  });

  it('reads a paginated file as current, with its baseline', async () => {
    const id = newThreadId();
    write(id, [
      { ordinal: 0, ...meta(id, { history_mode: 'paginated' }) },
      { ordinal: 1, type: 'world_state', payload: { full: true, state: { model: 'gpt-5.5' } } },
      { ordinal: 2, type: 'turn_context', payload: { turn_id: 't1', cwd: '/ws', approval_policy: 'never', sandbox_policy: { type: 'workspace-write' }, model: 'gpt-5.5' } },
      { ordinal: 3, ...user },
    ]);
    const s = await openSession(options(id));
    try {
      expect(s).toMatchObject({ legacy: false, worldState: { model: 'gpt-5.5' }, lastSettings: { model: 'gpt-5.5' } });
    } finally {
      s.close();
    }
  });
});

describe('a new session records the workspace as upstream does', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'csm-git-meta-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const sessionMeta = async (cwd: string) => {
    const home = path.join(root, 'home');
    const s = await openSession({ codexHome: home, cwd, target: { kind: 'new' }, ephemeral: false, provider: 'mock', baseInstructions: 'base', source: 'exec', originator: 'codex_exec', cliVersion: '0.1.0' });
    s.rollout.append('event_msg', { type: 'task_started' });
    s.close();
    const file = readdirSync(home, { recursive: true }).map(String).find((f) => f.endsWith('.jsonl'))!;
    return JSON.parse(readFileSync(path.join(home, file), 'utf8').split('\n')[0]).payload;
  };

  it('in a repository: its commit, branch and origin in session_meta.git', async () => {
    const ws = path.join(root, 'ws');
    mkdirSync(ws);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: ws, stdio: 'pipe' }).toString().trim();
    git('init', '-q', '-b', 'feature');
    git('commit', '-q', '--allow-empty', '-m', 'x');
    git('remote', 'add', 'origin', 'https://example.invalid/repo.git');
    expect((await sessionMeta(ws)).git).toEqual({ commit_hash: git('rev-parse', 'HEAD'), branch: 'feature', repository_url: 'https://example.invalid/repo.git' });
  });

  it('outside a repository: no git block', async () => {
    const ws = path.join(root, 'plain');
    mkdirSync(ws);
    expect(await sessionMeta(ws)).not.toHaveProperty('git');
  });
});
