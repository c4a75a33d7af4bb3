import { describe, expect, it } from 'vitest';
import type { ReviewItem } from './api';
import { type DecidedRow, evidenceMark, queueEntries } from './review';

describe('evidence in words', () => {
  it('reads a level by the field’s levels: first agrees, last differs, between is close, -1 missing', () => {
    expect(evidenceMark('name', 0)).toBe('agree');
    expect(evidenceMark('name', 1)).toBe('close');
    expect(evidenceMark('name', 7)).toBe('close');
    expect(evidenceMark('name', 8)).toBe('differs');
    expect(evidenceMark('sex', 1)).toBe('differs');
    expect(evidenceMark('birth_date', 1)).toBe('close');
    expect(evidenceMark('birth_date', 3)).toBe('differs');
    expect(evidenceMark('area', 4)).toBe('differs');
    expect(evidenceMark('area', -1)).toBe('missing');
    expect(evidenceMark('sex', 2)).toBe('missing');
    expect(evidenceMark('name', undefined)).toBe('missing');
  });

  it('counts equal area codes as agreement, though both stop short of the village', () => {
    expect(evidenceMark('area', 1)).toBe('close');
    expect(evidenceMark('area', 1, true)).toBe('agree');
    expect(evidenceMark('area', 4, true)).toBe('differs');
  });
});

describe('the queue with the rows decided on screen', () => {
  const item = (id: string): ReviewItem => ({
    recordId: id,
    source: 's',
    sourceName: 'S',
    recordKey: id,
    row: { name: id, birthDate: null, sex: 'unknown', areaCode: null, cid: null },
    candidates: [],
  });
  const decided = (id: string, index: number): DecidedRow => ({ item: item(id), index, decision: { recordId: id, status: 'new', personId: `p-${id}` } });
  const ids = (open: ReviewItem[], rows: DecidedRow[]) =>
    queueEntries(open, rows).map((e) => (e.kind === 'open' ? e.item.recordId : `✓${e.row.item.recordId}`));

  it('keeps a decided row where it was, whether or not the list has been fetched again', () => {
    expect(ids([item('a'), item('b'), item('c')], [decided('b', 1)])).toEqual(['a', '✓b', 'c']);
    expect(ids([item('a'), item('c')], [decided('b', 1)])).toEqual(['a', '✓b', 'c']);
    // Then c (shown third) is decided too, and a row is added.
    expect(ids([item('a'), item('d')], [decided('b', 1), decided('c', 2)])).toEqual(['a', '✓b', '✓c', 'd']);
    // The list shrank under it (someone else decided a): still shown.
    expect(ids([], [decided('b', 1), decided('c', 2)])).toEqual(['✓b', '✓c']);
  });
});
