import { describe, expect, it } from 'vitest';
import { backspace, deleteForward, emptyComposer, insert, killToLineStart, layoutComposer, moveBy, moveToLineEdge, recall, sent } from './composer.ts';

const typed = (t: string) => insert(emptyComposer(), t);

describe('editing the composer', () => {
  it('inserts and deletes at the cursor', () => {
    let c = typed('helo');
    c = insert(moveBy(c, -1), 'l');
    expect([c.text, c.cursor]).toEqual(['hello', 4]);
    c = backspace(moveBy(c, -4));
    expect([c.text, c.cursor]).toEqual(['hello', 0]);
    c = deleteForward(c);
    expect([c.text, c.cursor]).toEqual(['ello', 0]);
  });
  it('moves by whole characters (emoji too) and to line edges', () => {
    let c = typed('a😀b\ncd');
    c = moveToLineEdge(c, 'start');
    expect(c.cursor).toBe(4);
    c = moveBy(c, -2);
    expect(backspace(c).text).toBe('ab\ncd');
    expect(killToLineStart(typed('one\ntwo three')).text).toBe('one\n');
  });
  it('recalls earlier prompts with ↑/↓ and gives the draft back', () => {
    let c = sent(sent(emptyComposer(), 'first'), 'second');
    c = insert(c, 'draft');
    c = recall(c, -1)!;
    expect(c.text).toBe('second');
    c = recall(c, -1)!;
    expect(c.text).toBe('first');
    expect(recall(c, -1)).toBeNull();
    c = recall(recall(c, 1)!, 1)!;
    expect([c.text, c.cursor]).toEqual(['draft', 5]);
    expect(recall(c, 1)).toBeNull();
  });
});

describe('the composer’s layout', () => {
  it('breaks at newlines and wraps at the width, tracking the cursor', () => {
    expect(layoutComposer(typed('abcdef\ngh'), 4)).toEqual({ rows: ['abcd', 'ef', 'gh'], cursor: { row: 2, col: 2 } });
    expect(layoutComposer(moveBy(typed('abcdef'), -2), 4).cursor).toEqual({ row: 1, col: 0 });
  });
  it('puts a cursor after a full row on the next one', () => {
    expect(layoutComposer(typed('abcd'), 4)).toEqual({ rows: ['abcd', ''], cursor: { row: 1, col: 0 } });
  });
  it('counts wide characters as two cells', () => {
    expect(layoutComposer(typed('日本語x'), 5).rows).toEqual(['日本', '語x']);
  });
});

describe('characters in the composer', () => {
  it('are what a person sees: an emoji with its skin tone goes in one backspace', () => {
    expect(backspace(typed('ok👍🏽')).text).toBe('ok');
  });
});
