import { describe, expect, it } from 'vitest';
import { DEFAULT_TITLE_ITEMS, TITLE_ITEMS, titleItems, titlePicker, titlePreview, titleText, type TitleFacts } from './title.ts';

const facts: TitleFacts = {
  product: 'csm',
  version: '1.2.3',
  cwdLabel: '~/code/ws',
  title: null,
  threadId: '01a2-thread',
  model: 'gpt-5.5',
  effort: null,
  fast: false,
  running: false,
  spinner: '⠋',
  context: null,
  usage: { input: 0, output: 0 },
};

describe('terminal title items', () => {
  it('reads [tui] terminal_title in its order, old ids as upstream reads them, unknown ids and repeats left out', () => {
    expect(titleItems(undefined)).toEqual(DEFAULT_TITLE_ITEMS);
    expect(titleItems({ terminal_title: ['spinner', 'project', 'nope', 'project-name', 'session-id'] })).toEqual(['activity', 'project-name', 'thread-id']);
    expect(titleItems({ terminal_title: [] })).toEqual([]);
    expect(titleItems({ terminal_title: 'activity' })).toEqual(DEFAULT_TITLE_ITEMS);
  });

  it('joins values with | and the spinner with a plain space, leaving out what is unknown', () => {
    expect(titleText(DEFAULT_TITLE_ITEMS, facts)).toBe('ws');
    expect(titleText(DEFAULT_TITLE_ITEMS, { ...facts, title: 'Fix it', running: true })).toBe('⠋ Fix it | ws');
    expect(titleText(['project-name', 'activity', 'run-state'], { ...facts, running: true })).toBe('ws ⠋ Working');
    expect(titleText(['app-name', 'git-branch', 'thread-title', 'model-with-reasoning'], facts)).toBe('csm | 01a2-thread | gpt-5.5 default');
  });

  it('previews the activity item as upstream: the action-required text first', () => {
    expect(titlePreview(DEFAULT_TITLE_ITEMS, facts)).toBe('[ ! ] Action Required | thread name | ws');
    expect(titlePreview(['activity', 'project-name'], facts)).toBe('[ ! ] Action Required | ws');
    expect(titlePreview(['current-dir', 'run-state', 'git-branch'], facts)).toBe('~/code/ws | Ready | feat/awesome-feature');
    expect(titlePreview([], facts)).toBeNull();
  });

  it('opens the picker with the configured items first, switched on, then the rest in upstream order', () => {
    const picker = titlePicker(['project-name', 'activity'], facts);
    expect(picker.title).toBe('Configure Terminal Title');
    expect(picker.items.slice(0, 3).map((i) => [i.id, i.on])).toEqual([
      ['project-name', true],
      ['activity', true],
      ['thread-name', false],
    ]);
    expect(picker.items).toHaveLength(TITLE_ITEMS.length);
  });
});
