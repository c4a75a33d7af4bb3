import {
  cidSlip,
  estimateFromLabels,
  type FsParameters,
  generateThaiRecords,
  type ImportedPerson,
  linkRecords,
  PERSON_FIELDS,
  PERSON_LINKAGE,
  type PersonLinkRecord,
  partialDateString,
  toPersonLinkRecord,
} from '@carehub/core';
import type { Kysely } from 'kysely';
import { asSystem } from '../../db/context.js';
import type { DB, ImportCandidate } from '../../db/schema.js';

/** Below this many candidate pairs, EM has too little to learn from; the prior weights are used instead. */
const MIN_PAIRS_FOR_EM = 300;
/** Reviewed pairs needed before reviewers' decisions, rather than EM, give the weights. */
const MIN_REVIEWED_PAIRS = 50;
/** Candidates kept for a reviewer to compare, best first. */
const MAX_CANDIDATES = 3;

let prior: FsParameters | undefined;
/**
 * Weights learned (by EM) from a seeded synthetic Thai population with realistic slips: what a small
 * file is scored with until it brings enough pairs of its own. Computed once, in well under a second.
 */
export function priorParameters(): FsParameters {
  prior ??= linkRecords(
    PERSON_LINKAGE,
    generateThaiRecords({ records: 3000 }).records.map((r) => toPersonLinkRecord(r.input)),
  ).parameters;
  return prior;
}

/**
 * Weights from reviewers' decisions: every candidate a reviewer saw is a labelled pair (the one they
 * linked a match, the others, and a link they split, non-matches), with the evidence stored at import.
 * Undefined until there are enough of them.
 */
export async function reviewerParameters(db: Kysely<DB>, minPairs = MIN_REVIEWED_PAIRS): Promise<FsParameters | undefined> {
  const decided = await asSystem(db, (tx) =>
    tx
      .selectFrom('source_records')
      .select(['status', 'person_id', 'candidates'])
      .where('decided_at', 'is not', null)
      .orderBy('decided_at', 'desc')
      .limit(5000)
      .execute(),
  );
  const levels: number[] = [];
  const isMatch: boolean[] = [];
  for (const r of decided)
    for (const c of r.candidates) {
      levels.push(...PERSON_FIELDS.map((f) => c.evidence[f.name] ?? -1));
      isMatch.push(r.status === 'linked' && r.person_id === c.personId);
    }
  if (isMatch.length < minPairs) return undefined;
  return estimateFromLabels(PERSON_FIELDS, { fields: PERSON_FIELDS.length, levels: Int8Array.from(levels) }, isMatch);
}

export const toLinkRecord = (p: ImportedPerson, areaCode: string): PersonLinkRecord =>
  toPersonLinkRecord({
    cid: p.cid,
    title: p.title,
    firstName: p.firstName,
    lastName: p.lastName,
    sex: p.sex === 'unknown' ? null : p.sex,
    birthDate: p.birth,
    areaCode,
  });

export interface ProbableMatches {
  /**
   * Best first; the first decides: 'link' when its probability reaches the upper threshold, else review.
   * A candidate whose valid national ID is one typing slip from the row's, all else agreeing, always
   * sends the row to review, with its reason.
   */
  candidates: ImportCandidate[];
  decision: 'link' | 'review';
}

/**
 * Rows with no exact match (by the same valid national ID, or without one, on every field), scored
 * (Fellegi–Sunter) against the registry persons of the same subdistricts: the engine's blocking picks
 * the pairs, the weights come from reviewers' decisions (once there are enough), else from EM on the
 * pairs (or the prior weights when there are too few), and each row keeps its best candidates. A
 * person with another valid national ID is no candidate, unless the two IDs are one typing slip apart
 * (one digit, or two adjacent digits swapped) and every other field agrees: then the row goes to a
 * reviewer with that person and the reason (`PERSON_LINKAGE.nearNationalId`).
 */
export async function probableMatches(
  db: Kysely<DB>,
  rows: Array<{ key: number; person: ImportedPerson; areaCode: string }>,
): Promise<Map<number, ProbableMatches>> {
  const out = new Map<number, ProbableMatches>();
  if (!rows.length) return out;
  const areas = [...new Set(rows.map((r) => r.areaCode))];
  const registry = await asSystem(db, (tx) =>
    tx
      .selectFrom('persons')
      .select(['id', 'cid', 'title_th', 'first_name_th', 'last_name_th', 'birth_date', 'birth_precision', 'sex', 'area_code'])
      .where('area_code', 'in', areas)
      .where('status', '!=', 'deceased')
      .execute(),
  );
  if (!registry.length) return out;
  const right = registry.map((p) =>
    toPersonLinkRecord({
      cid: p.cid,
      title: p.title_th,
      firstName: p.first_name_th,
      lastName: p.last_name_th,
      sex: p.sex === 'unknown' ? null : p.sex,
      birthDate: p.birth_date ? partialDateString(p.birth_date, p.birth_precision) : null,
      areaCode: p.area_code,
    }),
  );
  const left = rows.map((r) => toLinkRecord(r.person, r.areaCode));
  // Reviewers' decisions when there are enough; else EM on the file's own pairs; else the prior.
  const reviewed = await reviewerParameters(db);
  let result = linkRecords(PERSON_LINKAGE, left, right, reviewed ? { parameters: reviewed } : {});
  if (!reviewed && result.counts.candidates < MIN_PAIRS_FOR_EM) result = linkRecords(PERSON_LINKAGE, left, right, { parameters: priorParameters() });
  const byRow = new Map<number, typeof result.pairs>();
  for (const pair of result.pairs) byRow.set(pair.a, [...(byRow.get(pair.a) ?? []), pair]);
  const nearId = (p: (typeof result.pairs)[number]) => p.by === 'near_national_id';
  for (const [a, pairs] of byRow) {
    // A person one ID slip away is always shown, before any other candidate of the same probability.
    const best = pairs.sort((x, y) => y.probability - x.probability || Number(nearId(y)) - Number(nearId(x))).slice(0, MAX_CANDIDATES);
    const near = pairs.find((p) => nearId(p) && !best.includes(p));
    if (near) best.splice(MAX_CANDIDATES - 1, 1, near);
    const slip = best.some(nearId);
    out.set((rows[a] as { key: number }).key, {
      decision: !slip && best[0]?.decision === 'link' && (best[1]?.decision ?? 'non-link') !== 'link' ? 'link' : 'review',
      candidates: best.map((p) => {
        const candidate: ImportCandidate = {
          personId: (registry[p.b] as { id: string }).id,
          probability: Math.round(p.probability * 1000) / 1000,
          evidence: Object.fromEntries(PERSON_FIELDS.map((f, i) => [f.name, p.levels[i] ?? -1])),
        };
        const cids = nearId(p) ? cidSlip(left[p.a]?.cid ?? '', right[p.b]?.cid ?? '') : null;
        if (cids) candidate.reason = { code: cids.kind === 'one_digit' ? 'cid_one_digit' : 'cid_transposed', position: cids.position };
        return candidate;
      }),
    });
  }
  return out;
}
