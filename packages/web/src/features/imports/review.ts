import { PERSON_FIELDS } from '@carehub/core';
import type { ReviewDecision, ReviewEvidence, ReviewItem } from './api';

export type EvidenceField = keyof ReviewEvidence;
/** How a field of a row and of a candidate agree, as a reviewer reads it. */
export type EvidenceMark = 'agree' | 'close' | 'differs' | 'missing';

export const EVIDENCE_FIELDS: readonly EvidenceField[] = ['name', 'birth_date', 'sex', 'area'];

/**
 * A field's evidence level in words: the first of the field's levels (core PERSON_FIELDS) is full
 * agreement, the last disagreement, any between is close; -1 (or a level the field does not have) is
 * missing. The area's finest level is the village: two equal subdistrict codes agree as far as either
 * is known, so equal values count as agreement whatever the level.
 */
export function evidenceMark(field: EvidenceField, level: number | undefined, sameValue = false): EvidenceMark {
  const levels = PERSON_FIELDS.find((f) => f.name === field)?.levels;
  if (!levels || level === undefined || level < 0 || level >= levels.length) return 'missing';
  if (level === 0) return 'agree';
  if (level === levels.length - 1) return 'differs';
  return field === 'area' && sameValue ? 'agree' : 'close';
}

/** A row decided on this screen, kept where it was shown so the reviewer sees the result (and can undo a link). */
export interface DecidedRow {
  item: ReviewItem;
  /** Its place in the list when decided. */
  index: number;
  decision: ReviewDecision;
  /** The link was undone: the row became a person of its own. */
  split?: ReviewDecision;
}

export type QueueEntry = { kind: 'open'; item: ReviewItem } | { kind: 'decided'; row: DecidedRow };

/**
 * The list shown: the rows still waiting (the server's order), with the rows decided here put back at the
 * places they had, in the order they were decided. A decided row still in a list fetched before the
 * decision is shown decided.
 */
export function queueEntries(open: ReviewItem[], decided: DecidedRow[]): QueueEntry[] {
  const done = new Set(decided.map((d) => d.item.recordId));
  const entries: QueueEntry[] = open.filter((i) => !done.has(i.recordId)).map((item) => ({ kind: 'open', item }));
  for (const row of decided) entries.splice(Math.min(row.index, entries.length), 0, { kind: 'decided', row });
  return entries;
}
