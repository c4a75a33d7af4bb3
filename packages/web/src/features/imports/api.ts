import { ERRORS, type FieldIssue, type ImportMapping, type Locale, type Organisation } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, get, type Paged, post, put, type UploadOptions, upload } from '../../api';

/** An agency's list (a data source) and the column mapping its files are read with. */
export interface ImportSource {
  code: string;
  name: string;
  organisationId: string;
  organisation: string;
  mapping: ImportMapping | null;
  /** The signed-in user's organisation owns it: only then may its files be imported. */
  mine: boolean;
}

export type BatchStatus = 'running' | 'done' | 'failed' | 'rolled_back';

/** One imported file and what became of its rows. */
export interface ImportBatch {
  id: string;
  source: string;
  fileName: string;
  status: BatchStatus;
  startedAt: string;
  finishedAt: string | null;
  total: number;
  accepted: number;
  rejected: number;
  /** Rows taken with a warning. */
  warned: number;
  unchanged: number;
  linked: number;
  created: number;
  review: number;
  /** How far a running import is: the file's rows read and stored, then the rows left to match, matched. */
  progress: { phase?: 'counting' | 'reading' | 'matching' | 'done'; read?: number; toMatch?: number; matched?: number };
  /** Why a failed import stopped: an error code (see core ERRORS) or the database's message. */
  error: string | null;
}

/** The answer to an upload: the batch, or the earlier batch of the very same file (`repeated`). */
export type ImportResult = ImportBatch & { repeated: boolean };

export interface ImportPreview {
  headers: string[];
  /** The first rows, header → cell. */
  sample: Array<Record<string, string>>;
  rows: number;
  encoding: string;
  /** Distinct values over the whole file of the columns that have few (a list to map value by value). */
  values: Record<string, string[]>;
}

export interface RejectedRow {
  row: number;
  recordKey: string;
  cells: Record<string, string>;
  reasons: FieldIssue[];
}

export interface CoverageRow {
  source_code: string;
  name: string;
  /** The district (4-digit code) of the rows; null for rows rejected before they were placed. */
  district: string | null;
  linked: number;
  new: number;
  review: number;
  rejected: number;
}

export interface Coverage {
  bySource: CoverageRow[];
  counted: {
    persons: number;
    disability: number;
    elderly: number;
    bedridden: number;
    awaitingRehabilitation: number;
    sources: number;
    records: number;
  };
}

export const sourcesQuery = queryOptions({
  queryKey: ['imports', 'sources'],
  queryFn: ({ signal }) => get<ImportSource[]>('/api/import-sources', undefined, signal),
});

export const batchesQuery = (source: string) =>
  queryOptions({
    queryKey: ['imports', 'batches', source],
    queryFn: ({ signal }) => get<ImportBatch[]>('/api/imports', { source }, signal),
  });

/** One batch; refetched while it runs as its live progress events arrive. */
export const batchQuery = (id: string) =>
  queryOptions({
    queryKey: ['imports', 'batch', id],
    queryFn: ({ signal }) => get<ImportBatch>(`/api/imports/${encodeURIComponent(id)}`, undefined, signal),
  });

/** Which of a batch's rows with reasons: those refused, or those taken with a warning. */
export type RowsWithReasons = 'rejected' | 'warned';

export const rejectionsQuery = (batchId: string, which: RowsWithReasons = 'rejected') =>
  queryOptions({
    queryKey: ['imports', 'rejections', batchId, which],
    queryFn: ({ signal }) => get<RejectedRow[]>(`/api/imports/${encodeURIComponent(batchId)}/rejections`, { format: 'json', rows: which }, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const coverageQuery = queryOptions({
  queryKey: ['imports', 'coverage'],
  queryFn: ({ signal }) => get<Coverage>('/api/imports/coverage', undefined, signal),
});

/** Every active organisation, for an administrator naming the owner of a new source. */
export const allOrganisationsQuery = queryOptions({
  queryKey: ['organisations', 'all', ''],
  queryFn: ({ signal }) => get<Paged<Organisation>>('/api/organisations', { all: true, pageSize: 200 }, signal),
  staleTime: 5 * 60_000,
});

export const rejectionsHref = (batchId: string, format: 'csv' | 'xlsx', which: RowsWithReasons = 'rejected') =>
  `/api/imports/${encodeURIComponent(batchId)}/rejections?format=${format}${which === 'rejected' ? '' : `&rows=${which}`}`;

export const saveSource = (body: { code: string; name: string; organisationId: string; mapping: ImportMapping }) =>
  put<ImportSource>(`/api/import-sources/${encodeURIComponent(body.code)}`, body);

/** Sends the file; the server answers once the import has started (or, for a file imported before, at once). */
/** The text encodings a CSV may be read in (the server's TEXT_ENCODINGS); none chosen, the server finds it from the bytes. */
export const TEXT_ENCODINGS = ['utf-8', 'windows-874', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
/** Only a CSV has a text encoding to choose; an Excel workbook says its own. */
export const isCsvFile = (file: File | null) => !!file && !/\.xlsx$/i.test(file.name);

export const importFile = (source: string, file: File, opts: UploadOptions, encoding?: TextEncoding | null) =>
  upload<ImportResult>('/api/imports', { source, fileName: file.name, background: true, ...(encoding ? { encoding } : {}) }, file, opts);

export const isBatch = (x: unknown): x is ImportBatch => typeof x === 'object' && x !== null && 'progress' in x && 'fileName' in x;

/** Why an import failed, in the reader's language: a known error code's message, else the text as stored. */
export function batchError(error: string | null, lang: Locale): string {
  const known = error && error in ERRORS ? ERRORS[error as keyof typeof ERRORS] : undefined;
  return known ? (lang === 'en' ? known.en : known.th) : (error ?? '');
}

/** How far a running import is, 0–100, in its current pass (reading the rows, then matching those left). */
export function importPercent(b: Pick<ImportBatch, 'total' | 'progress'>): number | null {
  const p = b.progress;
  const [done, of] = p.phase === 'reading' ? [p.read ?? 0, b.total] : p.phase === 'matching' ? [p.matched ?? 0, p.toMatch ?? 0] : [0, 0];
  if (!of) return p.phase === 'matching' ? 100 : null;
  return Math.min(100, Math.floor((done / of) * 100));
}

export const rollbackBatch = (id: string) =>
  post<ImportBatch & { personsRemoved: number; personsKept: number }>(`/api/imports/${encodeURIComponent(id)}/rollback`, {});

/** A file's preview (headers, first rows, encoding), read in `encoding` when one is chosen; shared by the mapping editor and the upload. */
export const previewQuery = (file: File | null, encoding: TextEncoding | null) =>
  queryOptions({
    queryKey: ['imports', 'preview', file?.name, file?.size, file?.lastModified, encoding],
    queryFn: ({ signal }) => previewFile(file as File, signal, encoding),
    enabled: !!file,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });

/** Above this, a CSV's preview is read from its first part only: its headers and first rows are all a mapping needs. */
const PREVIEW_BYTES = 1024 * 1024;

/**
 * The headers and first rows of a file. A large CSV is cut after its last whole line within the
 * first megabyte, so an agency's 50 MB list is not sent twice; `partial` says the row count is the
 * part's. Should the cut part not read (a quoted cell running over a line break), the whole file is sent.
 */
export async function previewFile(file: File, signal?: AbortSignal, encoding?: TextEncoding | null): Promise<ImportPreview & { partial: boolean }> {
  const send = (body: Blob) => upload<ImportPreview>('/api/imports/preview', { fileName: file.name, ...(encoding ? { encoding } : {}) }, body, { signal });
  if (/\.csv$/i.test(file.name) && file.size > PREVIEW_BYTES) {
    const head = new Uint8Array(await file.slice(0, PREVIEW_BYTES).arrayBuffer());
    const end = head.lastIndexOf(0x0a);
    if (end > 0) {
      try {
        return { ...(await send(new Blob([head.subarray(0, end + 1)]))), partial: true };
      } catch (e) {
        if (!(e instanceof ApiError) || e.status === 0 || e.status === 401) throw e;
      }
    }
  }
  return { ...(await send(file)), partial: false };
}

/** A person as the review queue shows it: a row of a file, or a registry person it may be. */
export interface ReviewPerson {
  name: string;
  /** "1947-03-05", "1947-03" or "1947" (Christian era), as far as known. */
  birthDate: string | null;
  sex: 'male' | 'female' | 'unknown';
  areaCode: string | null;
  cid: string | null;
}

/** How far a row and a registry person agree on each linkage field: a level index of the field's levels (core PERSON_FIELDS), -1 when either lacks it. */
export type ReviewEvidence = Record<'name' | 'birth_date' | 'sex' | 'area', number>;

/** Why a row waits for a candidate beyond the score: its valid national ID is one typing slip from the candidate's. */
export interface ReviewReason {
  code: 'cid_one_digit' | 'cid_transposed';
  /** The first digit that differs, from 1. */
  position: number;
}

export interface ReviewCandidate extends ReviewPerson {
  personId: string;
  /** 0..1 */
  probability: number;
  evidence: ReviewEvidence;
  reason?: ReviewReason;
}

/** A row waiting for a reviewer, with its candidate persons, best first. */
export interface ReviewItem {
  recordId: string;
  source: string;
  sourceName: string;
  recordKey: string;
  row: ReviewPerson;
  candidates: ReviewCandidate[];
}

/** What became of a row: linked to a person, or a person of its own. */
export interface ReviewDecision {
  recordId: string;
  status: 'linked' | 'new';
  personId: string;
}

/** The row is the same person as `personId` (one of its candidates), or, with null, a new person. */
export const decideRecord = (recordId: string, personId: string | null) =>
  post<ReviewDecision>(`/api/imports/records/${encodeURIComponent(recordId)}/decide`, { personId });

/** A wrong link undone: the linked row becomes a person of its own. */
export const splitRecord = (recordId: string) => post<ReviewDecision>(`/api/imports/records/${encodeURIComponent(recordId)}/split`, {});
