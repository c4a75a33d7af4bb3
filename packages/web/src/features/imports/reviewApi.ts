import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api';
import type { ReviewEvidence, ReviewItem, ReviewPerson } from './api';

/** Rows a page of the review screens shows. */
export const REVIEW_PAGE_SIZE = 20;

/** The file a row came from (the batch that last wrote it), and its row in that file (the header is row 1). */
export interface RowOrigin {
  rowNumber: number;
  batch: { id: string; fileName: string; importedAt: string };
}

/** A row waiting for a reviewer, with the file and row it came from. */
export type QueueItem = ReviewItem & RowOrigin;

/** How many rows wait, in all and by source. */
export interface ReviewCount {
  total: number;
  bySource: Array<{ source: string; sourceName: string; total: number }>;
}

/** reviewed: a reviewer decided (or split) the row; scored: the score linked it with no reviewer. */
export type DecisionKind = 'reviewed' | 'scored';

/** A row a reviewer decided, or the score linked, with the person it now belongs to. */
export interface DecisionItem extends RowOrigin {
  recordId: string;
  source: string;
  sourceName: string;
  recordKey: string;
  kind: DecisionKind;
  status: 'linked' | 'new';
  /** When it was decided, or for a score link, when its file was imported. */
  at: string;
  decidedAt: string | null;
  /** The reviewer's name; null for a score link (or if the account is gone). */
  decidedBy: string | null;
  row: ReviewPerson;
  personId: string | null;
  /** Null when the person is no longer within the user's areas. */
  person:
    | (ReviewPerson & {
        personId: string;
        /** The pair's probability when it was scored, if the person was a candidate. */
        probability: number | null;
        evidence: ReviewEvidence | null;
      })
    | null;
}

export interface DecisionPage {
  items: DecisionItem[];
  total: number;
  limit: number;
  offset: number;
}

export const reviewQueueQuery = (source: string | undefined, offset: number) =>
  queryOptions({
    queryKey: ['imports', 'review-queue', source ?? '', offset],
    queryFn: ({ signal }) => get<QueueItem[]>('/api/imports/reviews', { source, limit: REVIEW_PAGE_SIZE, offset }, signal),
  });

/** For the menu's badge and the queue's pages. */
export const reviewCountQuery = queryOptions({
  queryKey: ['imports', 'review-count'],
  queryFn: ({ signal }) => get<ReviewCount>('/api/imports/reviews/count', undefined, signal),
});

export const decisionsQuery = (filter: { source?: string; kind?: DecisionKind }, offset: number) =>
  queryOptions({
    queryKey: ['imports', 'decisions', filter.source ?? '', filter.kind ?? '', offset],
    queryFn: ({ signal }) => get<DecisionPage>('/api/imports/decisions', { ...filter, limit: REVIEW_PAGE_SIZE, offset }, signal),
  });
