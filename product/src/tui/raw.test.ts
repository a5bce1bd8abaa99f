import { describe, expect, it } from 'vitest';
import { rawCellRows, rawHeader, type PlainRow } from './raw.ts';
import type { HistoryCell } from './state.ts';

const texts = (rows: PlainRow[]) => rows.map((r) => r.spans.map((sp) => sp.text).join(''));
const rich = (cell: HistoryCell): PlainRow[] => [{ spans: [{ text: '• ', style: { dim: true } }, { text: `rich ${cell.kind}`, style: { bold: true } }] }];

describe('/raw', () => {
  it('draws the header as three plain lines', () => {
    expect(texts(rawHeader('csm', '1.2.3', 'GPT-5.5', '~/ws'))).toEqual(['csm (v1.2.3)', 'model: GPT-5.5', 'directory: ~/ws']);
  });

  it('shows prompts and answers as their text, Markdown source kept, no bullet or indent', () => {
    expect(texts(rawCellRows({ kind: 'user', text: 'hello' }, 80, rich))).toEqual(['hello']);
    expect(texts(rawCellRows({ kind: 'agent', text: 'Done **here**.\n\n- one' }, 80, rich))).toEqual(['Done **here**.', '', '- one']);
  });

  it('wraps long lines at the width', () => {
    expect(texts(rawCellRows({ kind: 'agent', text: 'aaa bbb ccc' }, 7, rich))).toEqual(['aaa bbb', 'ccc']);
  });

  it('keeps other cells as laid out, without their styles', () => {
    const rows = rawCellRows({ kind: 'notice', text: 'x' }, 80, rich);
    expect(texts(rows)).toEqual(['• rich notice']);
    expect(rows[0].spans.every((sp) => sp.style === undefined)).toBe(true);
  });

  it('starts the worked-for line at the edge', () => {
    const worked = (): PlainRow[] => [{ spans: [{ text: '  Worked for 1s • 10:00', style: { dim: true } }] }];
    expect(texts(rawCellRows({ kind: 'worked', ms: 1000, at: new Date() }, 80, worked))).toEqual(['Worked for 1s • 10:00']);
  });
});
