import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeKey } from '../input/route.ts';
import type { Key } from '../screen/keys.ts';
import { initialState, reduce, type ChatAction, type ChatState } from '../state.ts';
import { drawChat } from '../view.ts';
import { diffLines, workspaceDiff } from '../git-diff.ts';
import { effortList, modelList } from '../model-choice.ts';

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });
function press(s: ChatState, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 22, rows: 30 });
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const screen = (s: ChatState, cols = 100, rows = 30) => drawChat(s, cols, rows, 0).cells.map((r) => r.map((c) => c.ch).join('').trimEnd());

describe('a list in place of the composer (/model)', () => {
  const withList = reduce(start(), { type: 'list', list: effortList('gpt-5.5', null) });

  it('shows the title, the levels numbered with their descriptions in one column, the default highlighted, and the keys', () => {
    const rows = screen(withList);
    expect(rows.slice(21)).toEqual([
      '  Select Reasoning Level for GPT-5.5',
      '',
      '',
      '  1. Low               Fast responses with lighter reasoning',
      '› 2. Medium (default)  Balances speed and reasoning depth for everyday tasks',
      '  3. High              Greater reasoning depth for complex problems',
      '  4. Extra high        Extra high reasoning depth for complex problems',
      '',
      '  enter default · s session · esc back',
    ]);
  });

  it('wraps a long description under its column', () => {
    const rows = screen(withList, 60, 24);
    expect(rows).toContain('› 2. Medium (default)  Balances speed and reasoning depth');
    expect(rows).toContain('                       for everyday tasks');
  });

  it('moves with ↑/↓ (wrapping) and chooses with Enter, a digit or one of its letters', () => {
    expect(press(withList, { kind: 'down' }, { kind: 'enter' }).effects).toEqual([{ kind: 'list', id: 'effort', index: 2, how: 'enter' }]);
    expect(press(withList, { kind: 'up' }, { kind: 'up' }, { kind: 'enter' }).effects).toEqual([{ kind: 'list', id: 'effort', index: 3, how: 'enter' }]);
    expect(press(withList, { kind: 'text', text: '4' }).effects).toEqual([{ kind: 'list', id: 'effort', index: 3, how: 'enter' }]);
    expect(press(withList, { kind: 'text', text: 's' }).effects).toEqual([{ kind: 'list', id: 'effort', index: 1, how: 's' }]);
    expect(press(withList, { kind: 'escape' }).effects).toEqual([{ kind: 'list', id: 'effort', index: 1, how: 'escape' }]);
  });

  it('keeps other keys away from the composer while open', () => {
    const { s, effects } = press(withList, { kind: 'text', text: 'x' });
    expect(s.composer.text).toBe('');
    expect(effects).toEqual([]);
  });

  it('starts on the effort already chosen', () => {
    expect(effortList('gpt-5.5', 'xhigh').choice).toBe(3);
    expect(modelList('gpt-5.5').items).toEqual([{ label: 'GPT-5.5 (current)' }]);
  });
});

describe('/diff', () => {
  function repo(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'csm-diff-'));
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { cwd: dir });
    git('init', '-q');
    writeFileSync(path.join(dir, 'a.txt'), 'one\ntwo\n');
    git('add', '.');
    git('commit', '-qm', 'x');
    return dir;
  }

  it("is the tracked files' diff, then each untracked file as a new one", () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'a.txt'), 'one\n2\n');
    writeFileSync(path.join(dir, 'b.txt'), 'fresh\n');
    const text = workspaceDiff(dir)!;
    expect(text.indexOf('diff --git a/a.txt b/a.txt')).toBe(0);
    expect(text).toContain('-two\n+2\n');
    expect(text).toContain('diff --git a/b.txt b/b.txt\nnew file mode 100644');
    expect(text).toContain('+fresh\n');
  });

  it('is empty with no changes, and null outside a repository', () => {
    expect(workspaceDiff(repo())).toBe('');
    expect(workspaceDiff(mkdtempSync(path.join(tmpdir(), 'csm-nogit-')))).toBeNull();
  });

  it('colours lines as git does: headers bold, hunk ranges cyan, removed red, added green', () => {
    const lines = diffLines('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@ fn\n-a\n+b\n c\n');
    expect(lines.map((l) => l.map((sp) => sp.style ?? {}))).toEqual([[{ bold: true }], [{ bold: true }], [{ bold: true }], [{ fg: 6 }, {}], [{ fg: 1 }], [{ fg: 2 }], [{}]]);
  });

  it('opens over the whole screen, scrolls, and q or Esc closes it', () => {
    const lines = diffLines(Array.from({ length: 40 }, (_, i) => ` line ${i}`).join('\n'));
    const s = reduce(start(), { type: 'pager', pager: { title: 'DIFF', lines, top: 0 } });
    const rows = screen(s);
    expect(rows[0]).toBe(`/ D I F F ${'/ '.repeat(45)}`.trimEnd());
    expect(rows[1]).toBe(' line 0');
    expect(rows[26]).toMatch(/─ 63% ─$/);
    expect(rows.slice(27, 29)).toEqual([' ↑/↓ to scroll · pgup/pgdn to page · home/end to jump', ' q close']);
    const down = press(s, { kind: 'pagedown' }).s;
    expect(screen(down)[1]).toBe(' line 15');
    expect(screen(press(down, { kind: 'end' }).s)[26]).toMatch(/ 100% ─$/);
    expect(press(s, { kind: 'text', text: 'q' }).s.pager).toBeNull();
    expect(press(s, { kind: 'escape' }).s.pager).toBeNull();
  });

  it('marks rows past a short diff with ~', () => {
    const s = reduce(start(), { type: 'pager', pager: { title: 'DIFF', lines: diffLines('+x'), top: 0 } });
    expect(screen(s).slice(1, 4)).toEqual(['+x', '~', '~']);
  });
});

describe('/permissions', () => {
  it("lists upstream's four presets with the thread's own marked current and highlighted", async () => {
    const { permissionsList } = await import('../permission-choice.ts');
    const list = permissionsList('on-request', 'read-only');
    expect(list.title).toBe('Update Model Permissions');
    expect(list.items.map((i) => i.label)).toEqual(['Ask for approval', 'Approve for me', 'Full Access', 'Read Only (current)']);
    expect(list.choice).toBe(3);
    expect(permissionsList('never', 'danger-full-access').items[2].label).toBe('Full Access (current)');
  });

  it('wraps each description in its column, the cursor resting after the last item', () => {
    return import('../permission-choice.ts').then(({ permissionsList }) => {
      const s = reduce(start(), { type: 'list', list: permissionsList('on-request', 'workspace-write') });
      const c = drawChat(s, 80, 24, 0);
      const rows = c.cells.map((r) => r.map((x) => x.ch).join('').trimEnd());
      expect(rows.slice(12, 15)).toEqual([
        '› 1. Ask for approval (current)  Read and edit workspace files and run commands,',
        '                                 with approval required for internet access or',
        '                                 edits outside the workspace',
      ]);
      expect(c.cursor).toEqual({ x: 61, y: 21, visible: false });
    });
  });
});

describe('/warnings', () => {
  it('says there are none in a body of fixed height over its keys, and Esc asks to close it', async () => {
    const { warningsList } = await import('../warnings-list.ts');
    const s = reduce(start(), { type: 'list', list: warningsList() });
    const rows = screen(s);
    expect(rows.slice(18)).toEqual(['  Warnings', '', '  No warnings', '', '', '', '', '', '', '', '', '  k keep & next · esc dismiss & close · ^o copy · ←/→ warning']);
    expect(press(s, { kind: 'escape' }).effects).toEqual([{ kind: 'list', id: 'warnings', index: 0, how: 'escape' }]);
    expect(press(s, { kind: 'down' }).s.list).toEqual(s.list);
  });
});
