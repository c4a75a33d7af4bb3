import { createHash, randomUUID } from 'node:crypto';
import {
  ERRORS,
  type ErrorCode,
  entitlementGaps,
  errorBody,
  type FieldIssue,
  type ImportedPerson,
  ImportMapping,
  inScope,
  nameKey,
  partialDateString,
  readImportRow,
  searchKey,
  thaiSortKey,
} from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import { type Actor, asSystem, asUser, type Tx } from '../../db/context.js';
import type { DB, ImportCandidate, ImportProgress } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { publish } from '../events/bus.js';
import { areaUnder } from '../organisations/routes.js';
import { refreshDerived, todayIso } from '../persons/service.js';
import { probableMatches } from './linkage.js';
import { type ImportLimits, importLimitsFromEnv, openTable, type TableRow, type TextEncoding } from './parse.js';

/** Who imports: a signed-in data steward (rights and areas of that user), or the operator at the command line. */
export type Importer = { kind: 'user'; actor: Actor } | { kind: 'operator' };

export interface BatchSummary {
  id: string;
  source: string;
  fileName: string;
  status: 'running' | 'done' | 'failed' | 'rolled_back';
  startedAt: string;
  finishedAt: string | null;
  total: number;
  accepted: number;
  rejected: number;
  /** Rows taken with a warning (an unknown value, an old area code, an invalid ID…), as the batch left them. */
  warned: number;
  unchanged: number;
  linked: number;
  created: number;
  review: number;
  progress: ImportProgress;
  /** Why a failed batch failed (an error code or message). */
  error: string | null;
  /** The same in words, Thai and English. */
  errorMessage: { message_th: string; message_en: string } | null;
  /** True when this very file had been imported before: nothing was read again. */
  repeated: boolean;
}

const CHUNK = 500;
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function run<T>(db: Kysely<DB>, who: Importer, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return who.kind === 'user' ? asUser(db, who.actor, fn) : asSystem(db, fn);
}

const issue = (path: string, th: string, en: string): FieldIssue => ({ path, message_th: th, message_en: en });

/** Where a row is: today's subdistrict (with a warning when an old code was read as it), or why it cannot be placed. */
export type Placement = { code: string; warning?: FieldIssue } | { error: FieldIssue };

/** Resolves Thai place names to subdistrict codes; an unknown or ambiguous place is not guessed. */
export class AreaResolver {
  private constructor(
    private readonly known: Set<string>,
    private readonly byName: Map<string, Array<{ code: string; district: string; province: string }>>,
    /** Old subdistrict code → the code that replaced it, and the old name (area_successors). */
    private readonly successors: Map<string, { code: string; oldName: string; newName: string }>,
  ) {}

  static async load(tx: Tx): Promise<AreaResolver> {
    const rows = await tx
      .selectFrom('areas')
      .select(['code', 'level', 'name_th', 'parent_code'])
      .where('level', 'in', ['province', 'district', 'subdistrict'])
      .execute();
    const names = new Map(rows.map((r) => [r.code, r.name_th]));
    const byName = new Map<string, Array<{ code: string; district: string; province: string }>>();
    for (const r of rows) {
      if (r.level !== 'subdistrict') continue;
      const list = byName.get(norm(r.name_th)) ?? [];
      list.push({ code: r.code, district: norm(names.get(r.code.slice(0, 4)) ?? ''), province: norm(names.get(r.code.slice(0, 2)) ?? '') });
      byName.set(norm(r.name_th), list);
    }
    const successors = await tx.selectFrom('area_successors').select(['old_code', 'old_name_th', 'new_code']).execute();
    return new AreaResolver(
      new Set(rows.map((r) => r.code)),
      byName,
      new Map(successors.map((s) => [s.old_code, { code: s.new_code, oldName: s.old_name_th, newName: names.get(s.new_code) ?? s.new_code }])),
    );
  }

  /**
   * The subdistrict code of a row: its code if it names a real area, or the area that replaced an old
   * code (with a warning naming both), else its subdistrict, district and province names.
   */
  resolve(p: ImportedPerson): Placement {
    if (p.areaCode) {
      const code = p.areaCode.slice(0, 6);
      if (this.known.has(code)) return { code };
      const next = this.successors.get(code);
      if (next)
        return {
          code: next.code,
          warning: issue(
            'areaCode',
            `รหัสพื้นที่เดิม ${code} (ต.${next.oldName}) เปลี่ยนเป็น ${next.code} (ต.${next.newName}) แล้ว บันทึกเป็นรหัสปัจจุบัน`,
            `Old area code ${code} (${next.oldName}) is now ${next.code} (${next.newName}); recorded under today's code`,
          ),
        };
      return {
        error: issue(
          'areaCode',
          `ไม่พบรหัสพื้นที่ ${p.areaCode} ทั้งในรหัสปัจจุบันและรหัสเดิมที่เปลี่ยนไป (ผู้ดูแลระบบเพิ่มรหัสเดิมได้ที่หน้าหน่วยงาน หัวข้อรหัสพื้นที่เดิมที่เปลี่ยนไป)`,
          `Unknown area code ${p.areaCode}, neither current nor a known former code (an administrator can add former codes on the organisations page, under Former area codes)`,
        ),
      };
    }
    const a = p.address;
    const place = [a.subdistrict && `ต.${a.subdistrict}`, a.district && `อ.${a.district}`, a.province && `จ.${a.province}`].filter(Boolean).join(' ');
    const matches = (this.byName.get(norm(a.subdistrict ?? '')) ?? []).filter(
      (c) => (!a.district || sameDistrict(c.district, norm(a.district))) && (!a.province || c.province === norm(a.province)),
    );
    if (matches.length === 1) return { code: (matches[0] as { code: string }).code };
    return matches.length
      ? { error: issue('address', `ชื่อตำบลซ้ำกันหลายแห่ง ระบุอำเภอและจังหวัด (${place})`, `Ambiguous subdistrict; give the district and province (${place})`) }
      : { error: issue('address', `ไม่พบพื้นที่ ${place}`, `Unknown area ${place}`) };
  }
}

const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, '');
/** "เมือง" is often left out of a district's name: อ.เมืองสงขลา written อ.สงขลา. */
const sameDistrict = (known: string, given: string) => known === given || known === `เมือง${given}`;

const RECORD_STATE = [
  'id',
  'batch_id',
  'row_number',
  'row_hash',
  'raw',
  'status',
  'reasons',
  'person_id',
  'match_score',
  'area_code',
  'candidates',
  'decided_by',
  'decided_at',
] as const;
type Existing = { id: string; row_hash: string } & Record<(typeof RECORD_STATE)[number], unknown>;

/** What a running import reports as it goes (counts only). */
export interface ImportProgressReport {
  batchId: string;
  phase: 'counting' | 'reading' | 'matching' | 'done';
  /** Rows in the file (0 while counting). */
  total: number;
  /** Rows read, checked and stored. */
  read: number;
  /** Rows that needed probabilistic matching after reading, and how many of them are matched. */
  toMatch: number;
  matched: number;
}

export interface ImportOptions {
  /** Called once the batch exists (before any row is read): a caller may answer its user and let the job run on. */
  onStart?: (batchId: string) => void;
  onProgress?: (p: ImportProgressReport) => void;
  /** Stops the import between chunks; it ends 'failed' with the abort's reason. */
  signal?: AbortSignal;
  /** What the file may hold (the environment's IMPORT_* settings, else the defaults). */
  limits?: ImportLimits;
  /** How long the batch's lease lasts; it is renewed every tenth of that while the import runs. */
  leaseMs?: number;
}

/** A running import's lease: renewed while it runs; one not renewed for this long has lost its process. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * Marks every running batch whose lease ran out as failed ('import.stalled'): its process was killed or
 * lost. Called when the server starts and whenever batches are read, so a killed import shows as
 * interrupted at once, not at the next restart. Its stored rows stay; importing the file again finishes it.
 */
export async function expireLeases(db: Kysely<DB>, leaseMs = DEFAULT_LEASE_MS): Promise<number> {
  const expired = await asSystem(db, (tx) =>
    tx
      .updateTable('import_batches')
      .set({ status: 'failed', finished_at: new Date(), error: 'import.stalled' })
      .where('status', '=', 'running')
      .where('heartbeat_at', '<', new Date(Date.now() - leaseMs))
      .returning('id')
      .execute(),
  );
  return expired.length;
}

/** A NUL byte cannot be stored (PostgreSQL text and jsonb refuse it); it is shown where it was. */
const NUL = '\0';
const withoutNul = (cells: Record<string, string>) =>
  Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, v.replaceAll(NUL, '\uFFFD')])) as Record<string, string>;

/** Rows matched probabilistically together: the pending rows of neighbouring subdistricts, up to this many. */
const MATCH_GROUP = 50_000;
/** How often a running import writes its progress to the batch (and tells live screens). */
const PROGRESS_EVERY_MS = 1000;

type ReadRow = TableRow & { hash: string; result: ReturnType<typeof readImportRow>; place?: Placement };

/**
 * Imports one file for a source, in two passes that hold only a chunk of rows in memory at a time:
 *
 * 1. Reading: each row is read with the source's mapping, validated, stored as received, and, where
 *    it can be placed at once, linked: the same valid national ID, or exactly one person agreeing on
 *    normalised name, birth date, sex and subdistrict. A rejected row keeps all its reasons. Any other
 *    accepted row is stored 'pending'.
 * 2. Matching: the pending rows, grouped by neighbouring subdistricts, are scored (Fellegi–Sunter)
 *    against the registry persons of those subdistricts; each is linked on a clear match, queued for a
 *    reviewer when the score is in doubt, or registered as a new person.
 *
 * A row already imported with the same content changes nothing; a file imported before is recognised by
 * its hash and not read again. A run that fails or is cut off leaves its pending rows; importing the same
 * file again finishes them.
 */
export async function runImport(
  db: Kysely<DB>,
  who: Importer,
  input: { source: string; fileName: string; data: Uint8Array; mapping?: ImportMapping; contentType?: string; encoding?: TextEncoding },
  options: ImportOptions = {},
): Promise<BatchSummary> {
  const source = await asSystem(db, (tx) => tx.selectFrom('import_sources').selectAll().where('code', '=', input.source).executeTakeFirst());
  if (!source || (who.kind === 'user' && source.organisation_id !== who.actor.organisationId)) throw new AppError(404, 'import.source_unknown');
  const parsedMapping = ImportMapping.safeParse(input.mapping ?? source.mapping);
  if (!parsedMapping.success) throw new AppError(400, 'import.mapping_required');
  const mapping = parsedMapping.data;
  const scopes = who.kind === 'user' ? who.actor.scopes : ['TH'];
  // Read whole in a worker first: a file that is not what it claims, or breaks a limit, is refused here,
  // before anything is stored; its hash comes from the same pass.
  const table = await openTable(input.data, input.fileName, {
    contentType: input.contentType,
    limits: options.limits ?? importLimitsFromEnv(),
    encoding: input.encoding,
  });
  const fileSha = table.sha256;
  const mappingHash = sha256(JSON.stringify(mapping));
  const by = who.kind === 'user' ? who.actor.userId : null;

  const previous = await run(db, who, (tx) =>
    tx
      .selectFrom('import_batches')
      .select('id')
      .where('source_code', '=', source.code)
      .where('file_sha256', '=', fileSha)
      .where('status', '=', 'done')
      // A mapping changed since (a value map, a column) reads the same file differently: read it again.
      .where('started_at', '>', source.updated_at)
      .executeTakeFirst(),
  );
  if (previous) return { ...(await loadBatch(db, who, previous.id)), repeated: true };

  const missing = [...Object.values(mapping.columns), ...(mapping.recordKey ? [mapping.recordKey] : [])].filter((h) => h && !table.headers.includes(h));
  if (missing.length) throw new AppError(400, 'import.columns_missing', { missing, found: table.headers });

  const batchId = await run(db, who, async (tx) => {
    const { id } = await tx
      .insertInto('import_batches')
      .values({
        source_code: source.code,
        organisation_id: source.organisation_id,
        file_name: input.fileName.slice(0, 255),
        file_sha256: fileSha,
        headers: table.headers,
        uploaded_by: by,
        progress: JSON.stringify({ phase: 'counting' }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  });
  options.onStart?.(batchId);

  // The counts are of what is committed: a chunk's own counts join them only once its transaction has,
  // so a batch that fails partway reports the rows it really stored.
  const counts = { total: table.total, accepted: 0, rejected: 0, unchanged: 0, linked: 0, created: 0, review: 0 };
  const commit = (delta: Partial<typeof counts>) => {
    for (const [k, v] of Object.entries(delta)) counts[k as keyof typeof counts] += v;
  };
  const progress: ImportProgressReport = { batchId, phase: 'counting', total: 0, read: 0, toMatch: 0, matched: 0 };
  let saved = 0;
  // The batch keeps its total among its counts.
  const stored = () =>
    JSON.stringify({ phase: progress.phase, read: progress.read, toMatch: progress.toMatch, matched: progress.matched } satisfies ImportProgress);
  /** Reports progress; at most once a second (and at each change of phase) it is saved on the batch for every screen. */
  const report = async (force = false) => {
    // A turn of the event loop between chunks: with the embedded database every step of an import can
    // settle without one, and the server would answer nobody (not even this import's own 202) until it ends.
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    options.onProgress?.({ ...progress });
    if (!force && Date.now() - saved < PROGRESS_EVERY_MS) return;
    saved = Date.now();
    await run(db, who, async (tx) => {
      await tx
        .updateTable('import_batches')
        .set({ ...counts, progress: stored(), heartbeat_at: new Date() })
        .where('id', '=', batchId)
        .execute();
      await publish(tx, { type: 'import.progress', id: batchId, areaCode: '', organisationIds: [source.organisation_id] });
    });
  };

  // The lease: renewed on a timer of its own while the import runs, so a long step (matching a large
  // group) does not look like a dead process, and a killed process stops renewing it.
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  let renewing: Promise<unknown> = Promise.resolve();
  const lease = setInterval(() => {
    renewing = asSystem(db, (tx) =>
      tx.updateTable('import_batches').set({ heartbeat_at: new Date() }).where('id', '=', batchId).where('status', '=', 'running').execute(),
    ).catch(() => {});
  }, leaseMs / 10);
  lease.unref();

  try {
    Object.assign(progress, { phase: 'reading', total: counts.total });
    await report(true);

    const areas = await asSystem(db, (tx) => AreaResolver.load(tx));
    const known = new KnownPersons(db);
    const seenKeys = new Set<string>();
    const pendingRows = async (read: TableRow[]) => {
      const rows: ReadRow[] = read.map((r) => {
        // The row as read with this mapping: the same cells read with another mapping are not "unchanged".
        const hash = sha256(JSON.stringify([mappingHash, r.cells]));
        // A NUL byte in a cell is a damaged row (a broken export, or a field padded with zero bytes): it is
        // rejected with its reason, stored with the byte shown as �, and the import goes on. Stripping it
        // would silently join what it separated, in a national ID or a name.
        const nul = Object.keys(r.cells).filter((h) => r.cells[h]?.includes(NUL));
        const cells = nul.length ? withoutNul(r.cells) : r.cells;
        let result = readImportRow(cells, mapping, r.row);
        if (nul.length)
          result = {
            ok: false,
            recordKey: result.ok ? result.person.recordKey : result.recordKey,
            reasons: [
              ...nul.map((h) =>
                issue(h, `ช่อง ${h} มีอักขระควบคุม (NUL) ที่บันทึกไม่ได้ กรุณาแก้ไขแฟ้ม`, `Column ${h} holds a NUL control character, which cannot be stored; fix the file`),
              ),
              ...(result.ok ? [] : result.reasons),
            ],
          };
        return { ...r, cells, hash, result, place: result.ok ? areas.resolve(result.person) : undefined };
      });
      await known.lookUp(rows.flatMap((r) => (r.result.ok ? [r.result.person] : [])));
      const delta = { accepted: 0, rejected: 0, unchanged: 0, linked: 0 };
      let toMatch = 0;
      await run(db, who, async (tx) => {
        const keys = rows.map((r) => (r.result.ok ? r.result.person.recordKey : r.result.recordKey));
        const lookup = [...keys, ...rows.map((r, i) => `${keys[i]}#row${r.row}`)];
        const existing = new Map<string, Existing>(
          (
            await tx
              .selectFrom('source_records')
              .select([...RECORD_STATE, 'record_key'])
              .where('source_code', '=', source.code)
              .where('record_key', 'in', lookup)
              .execute()
          ).map(({ record_key, ...e }) => [record_key, e as Existing]),
        );
        // A pending row (left by a run that did not finish) is matched again, not counted unchanged.
        const same = (before: Existing | undefined, r: ReadRow) => before?.row_hash === r.hash && before.status !== 'pending';
        // The chunk's writes, made in bulk after every row is decided.
        const writes = new ChunkWrites(source, batchId, by);
        for (const [i, r] of rows.entries()) {
          const key = keys[i] as string;
          if (seenKeys.has(key)) {
            // Kept under a key of its own, so the report shows it and a re-import recognises it.
            const own = `${key}#row${r.row}`;
            if (same(existing.get(own), r)) delta.unchanged++;
            else {
              delta.rejected++;
              writes.record(existing.get(own), own, r, 'rejected', [
                issue('recordKey', `รหัสรายการ ${key} ซ้ำในแฟ้มเดียวกัน`, `Record key ${key} appears twice in the file`),
              ]);
            }
            continue;
          }
          seenKeys.add(key);
          const before = existing.get(key);
          if (same(before, r)) {
            delta.unchanged++;
            continue;
          }
          if (!r.result.ok) {
            delta.rejected++;
            writes.record(before, key, r, 'rejected', r.result.reasons);
            continue;
          }
          const place = r.place as NonNullable<ReadRow['place']>;
          if ('error' in place) {
            delta.rejected++;
            writes.record(before, key, r, 'rejected', [place.error]);
            continue;
          }
          if (!inScope(place.code, scopes)) {
            delta.rejected++;
            writes.record(before, key, r, 'rejected', [issue('address', `พื้นที่ ${place.code} อยู่นอกพื้นที่ที่คุณรับผิดชอบ`, `Area ${place.code} is outside your areas`)]);
            continue;
          }
          delta.accepted++;
          const person = r.result.person;
          const personId = known.match(person, place.code);
          const warnings = place.warning ? [...r.result.warnings, place.warning] : r.result.warnings;
          const recordId = writes.record(before, key, r, personId ? 'linked' : 'pending', warnings, {
            personId: personId ?? null,
            areaCode: place.code,
            score: personId ? 1 : null,
            candidates: [],
          });
          if (!personId) toMatch++;
          else {
            delta.linked++;
            provenance(writes, known, person, place.code, personId, recordId, scopes);
          }
        }
        await writes.flush(tx);
      });
      commit(delta);
      progress.toMatch += toMatch;
      progress.read += read.length;
      await report();
    };
    let chunk: TableRow[] = [];
    for await (const r of table.rows()) {
      chunk.push(r);
      if (chunk.length === CHUNK) {
        await pendingRows(chunk);
        chunk = [];
      }
    }
    if (chunk.length) await pendingRows(chunk);

    progress.phase = 'matching';
    await report(true);
    for (const group of await matchGroups(db, who, batchId)) {
      const stored = await run(db, who, (tx) =>
        tx
          .selectFrom('source_records')
          .select(['id', 'row_number', 'raw', 'area_code'])
          .where('batch_id', '=', batchId)
          .where('status', '=', 'pending')
          .where('area_code', 'in', group)
          .orderBy('row_number')
          .execute(),
      );
      const rows = stored.flatMap((s) => {
        const result = readImportRow(s.raw, mapping, s.row_number);
        return result.ok && s.area_code ? [{ id: s.id, person: result.person, areaCode: s.area_code }] : [];
      });
      // The rows are scored together (EM learns more from many rows than from a chunk), against the registry as it is now.
      const probable = await probableMatches(
        db,
        rows.flatMap((r, key) => (known.match(r.person, r.areaCode) ? [] : [{ key, person: r.person, areaCode: r.areaCode }])),
      );
      for (let start = 0; start < rows.length; start += CHUNK) {
        const delta = { linked: 0, created: 0, review: 0 };
        await run(db, who, async (tx) => {
          const writes = new ChunkWrites(source, batchId, by);
          for (const [i, r] of rows.slice(start, start + CHUNK).entries()) {
            const scored = probable.get(start + i);
            let personId = known.match(r.person, r.areaCode);
            let score = 1;
            if (!personId && scored?.decision === 'review') {
              // A reviewer decides, seeing the evidence field by field; no person is touched meanwhile.
              delta.review++;
              writes.settle(r.id, 'review', { personId: null, areaCode: r.areaCode, score: null, candidates: scored.candidates });
              continue;
            }
            if (!personId && scored) {
              personId = scored.candidates[0]?.personId;
              score = scored.candidates[0]?.probability ?? 1;
            }
            let status: 'linked' | 'new' = 'linked';
            if (personId) delta.linked++;
            else {
              personId = writes.person(r.person, r.areaCode);
              known.add(r.person, r.areaCode, personId);
              status = 'new';
              delta.created++;
            }
            // A scored link keeps its candidates: should a reviewer split it, they become labelled pairs.
            writes.settle(r.id, status, { personId, areaCode: r.areaCode, score, candidates: scored?.candidates ?? [] });
            provenance(writes, known, r.person, r.areaCode, personId, r.id, scopes, status === 'new');
          }
          await writes.flush(tx);
        });
        commit(delta);
        progress.matched += Math.min(CHUNK, rows.length - start);
        await report();
      }
    }
    progress.phase = 'done';
    clearInterval(lease);
    await renewing;
    await run(db, who, async (tx) => {
      await tx
        .updateTable('import_batches')
        .set({ ...counts, status: 'done', finished_at: new Date(), progress: stored(), heartbeat_at: new Date() })
        .where('id', '=', batchId)
        .execute();
      await audit(tx, who.kind === 'user' ? who.actor : null, {
        action: 'import.batch',
        subjectType: 'import_batch',
        subjectId: batchId,
        details: { source: source.code, encoding: table.encoding, ...counts },
      });
      await publish(tx, { type: 'import.progress', id: batchId, areaCode: '', organisationIds: [source.organisation_id] });
    });
    options.onProgress?.({ ...progress });
  } catch (err) {
    clearInterval(lease);
    await renewing;
    await run(db, who, async (tx) => {
      await tx
        .updateTable('import_batches')
        .set({ status: 'failed', finished_at: new Date(), error: err instanceof AppError ? err.code : (err as Error).message.slice(0, 500), ...counts })
        .where('id', '=', batchId)
        .execute();
      await publish(tx, { type: 'import.progress', id: batchId, areaCode: '', organisationIds: [source.organisation_id] });
    });
    throw err;
  }
  return { ...(await loadBatch(db, who, batchId)), repeated: false };
}

/**
 * What the row says goes into the person's provenance, where the importer may write about the person.
 * (A person the score linked lives in the row's subdistrict: candidates are drawn from it.)
 */
function provenance(
  writes: ChunkWrites,
  known: KnownPersons,
  person: ImportedPerson,
  areaCode: string,
  personId: string,
  recordId: string,
  scopes: string[],
  registered = false,
): void {
  const area = registered || !known.areaOf(personId) ? areaCode : known.areaOf(personId);
  if (area && inScope(area, scopes)) writes.provenance(personId, importedFields(person, areaCode), recordId);
}

/** The subdistricts of a batch's pending rows, packed in code order into groups of at most MATCH_GROUP rows. */
async function matchGroups(db: Kysely<DB>, who: Importer, batchId: string): Promise<string[][]> {
  const bySubdistrict = await run(db, who, (tx) =>
    tx
      .selectFrom('source_records')
      .select(['area_code', sql<number>`count(*)::int`.as('rows')])
      .where('batch_id', '=', batchId)
      .where('status', '=', 'pending')
      .groupBy('area_code')
      .orderBy('area_code')
      .execute(),
  );
  const groups: string[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const s of bySubdistrict) {
    if (!s.area_code) continue;
    if (size + s.rows > MATCH_GROUP) {
      groups.push([]);
      size = 0;
    }
    (groups.at(-1) as string[]).push(s.area_code);
    size += s.rows;
  }
  return groups;
}

/**
 * The fields a row without an ID must agree on exactly: the name as spelt (`nameKey`: title, tone marks
 * and spacing aside), not the search key, whose folded spelling slips (ศ/ส, ท/ธ …) are left to the
 * scored match and its reviewer.
 */
const exactKey = (p: ImportedPerson, areaCode: string) => `${nameKey(`${p.firstName}${p.lastName}`)}|${p.birth?.iso}|${p.sex}|${areaCode}`;

/**
 * The persons a chunk's rows may be: looked up across the whole registry (a person is counted once
 * wherever they live, so matching is the system's, not the importer's view), before the chunk's
 * transaction, and kept up to date with the persons the import itself registers.
 */
class KnownPersons {
  private readonly byCid = new Map<string, string>();
  /** Each known person's area, to tell whether the importer may write provenance about them. */
  private readonly areas = new Map<string, string>();
  /** Normalised name, birth date, sex and subdistrict → the persons with exactly these. */
  private readonly byFields = new Map<string, Set<string>>();
  constructor(private readonly db: Kysely<DB>) {}

  async lookUp(rows: ImportedPerson[]): Promise<void> {
    const cids = rows.flatMap((p) => (p.cid && !this.byCid.has(p.cid) ? [p.cid] : []));
    const names = [...new Set(rows.filter((p) => !p.cid).map((p) => searchKey(`${p.firstName}${p.lastName}`)))];
    await asSystem(this.db, async (tx) => {
      if (cids.length)
        for (const f of await tx.selectFrom('persons').select(['id', 'cid']).where('cid', 'in', cids).execute()) if (f.cid) this.byCid.set(f.cid, f.id);
      if (names.length)
        // The stored key is the search key (indexed); the exact spelling is compared here.
        for (const f of await tx
          .selectFrom('persons')
          .select(['id', 'first_name_th', 'last_name_th', 'birth_date', 'birth_precision', 'sex', 'area_code'])
          .where('name_key', 'in', names)
          .execute()) {
          if (f.birth_precision === 'day') this.remember(`${nameKey(`${f.first_name_th}${f.last_name_th}`)}|${f.birth_date}|${f.sex}|${f.area_code}`, f.id);
          this.areas.set(f.id, f.area_code);
        }
    });
  }

  /**
   * The same valid national ID; without one, exactly one person agreeing on every field (a birth date
   * known to the day on both, so a year alone or a placeholder day never matches exactly, and a known
   * sex included).
   */
  match(p: ImportedPerson, areaCode: string): string | undefined {
    if (p.cid) return this.byCid.get(p.cid);
    if (p.birth?.precision !== 'day' || p.sex === 'unknown') return undefined;
    const found = this.byFields.get(exactKey(p, areaCode));
    return found?.size === 1 ? [...found][0] : undefined;
  }

  areaOf(id: string): string | undefined {
    return this.areas.get(id);
  }

  add(p: ImportedPerson, areaCode: string, id: string): void {
    if (p.cid) this.byCid.set(p.cid, id);
    this.areas.set(id, areaCode);
    if (p.birth?.precision === 'day') this.remember(exactKey(p, areaCode), id);
  }

  private remember(key: string, id: string): void {
    const set = this.byFields.get(key) ?? new Set<string>();
    set.add(id);
    this.byFields.set(key, set);
  }
}

/**
 * The persons row of someone an import registers, with the derived fields computed here rather than re-read
 * (the same rules as persons `refreshDerived`, which reads back what is written here): the row's ADL group
 * (adl_source 'import', until a signed assessment sets its own), its GPS, its disability card and allowance.
 */
function personRow(p: ImportedPerson, areaCode: string, id: string, ref: string | null = null, today = todayIso()) {
  const card = { number: p.disabilityCard, issued: p.disabilityCardIssued ?? null, expiry: p.disabilityCardExpiry ?? null };
  const disability = p.disabilityTypes.length > 0 || Boolean(card.number || card.issued || card.expiry);
  const entitlement = p.allowance
    ? {
        person_id: id,
        kind: p.allowance.kind,
        status: p.allowance.status,
        // The amount in words where the registry shows an allowance's detail.
        detail: p.allowance.amount === null ? null : `${p.allowance.amount.toLocaleString('en-US')} บาท`,
        source: 'import',
        source_ref: ref,
      }
    : null;
  const gaps = entitlementGaps(
    {
      birthDate: p.birth?.iso ?? null,
      status: 'alive',
      disability: disability ? { cardNumber: card.number, cardExpiry: card.expiry } : null,
      entitlements: entitlement ? [{ kind: entitlement.kind, status: entitlement.status, detail: entitlement.detail }] : [],
      adlGroup: p.adl?.group ?? null,
    },
    today,
  );
  return {
    person: {
      id,
      cid: p.cid,
      cid_missing_reason: p.cid ? null : 'unknown',
      title_th: p.title,
      first_name_th: p.firstName,
      last_name_th: p.lastName,
      birth_date: p.birth?.iso ?? null,
      birth_precision: p.birth?.precision ?? 'day',
      sex: p.sex,
      area_code: areaCode,
      house_no: p.address.houseNo,
      village_no: p.address.villageNo,
      phones: p.phones,
      name_key: searchKey(`${p.firstName}${p.lastName}`),
      sort_key: thaiSortKey(`${p.firstName} ${p.lastName}`),
      flags: disability ? ['disability'] : [],
      disability_types: p.disabilityTypes,
      gaps: gaps.map((g) => g.code),
      adl_group: p.adl?.group ?? null,
      adl_source: p.adl ? 'import' : null,
      gps_lat: p.gps?.lat ?? null,
      gps_lng: p.gps?.lng ?? null,
    },
    vulnerability: disability
      ? {
          person_id: id,
          kind: 'disability',
          disability_types: p.disabilityTypes,
          card_number: card.number,
          card_issued: card.issued,
          card_expiry: card.expiry,
          source: 'import',
          source_ref: ref,
        }
      : null,
    entitlement,
  };
}

export async function registerPerson(tx: Tx, p: ImportedPerson, areaCode: string, ref: string | null = null): Promise<string> {
  const row = personRow(p, areaCode, randomUUID(), ref);
  await tx.insertInto('persons').values(row.person).execute();
  if (row.vulnerability) await tx.insertInto('person_vulnerabilities').values(row.vulnerability).execute();
  if (row.entitlement) await tx.insertInto('person_entitlements').values(row.entitlement).execute();
  return row.person.id;
}

type RecordLink = { personId: string | null; areaCode: string; score: number | null; candidates: ImportCandidate[] };

/** One chunk's rows, persons and provenance, written with a few multi-row statements. */
class ChunkWrites {
  private readonly persons: Array<ReturnType<typeof personRow>['person']> = [];
  private readonly vulnerabilities: Array<NonNullable<ReturnType<typeof personRow>['vulnerability']>> = [];
  private readonly entitlements: Array<NonNullable<ReturnType<typeof personRow>['entitlement']>> = [];
  private readonly inserts: Array<Record<string, unknown>> = [];
  private readonly updates: Array<{ id: string; values: Record<string, unknown> }> = [];
  private readonly provenanceRows: Array<{ personId: string; fields: Record<string, unknown>; recordId: string }> = [];
  private readonly settled: Array<{ id: string; status: string; person_id: string | null; match_score: number | null; candidates: ImportCandidate[] }> = [];

  constructor(
    private readonly source: { code: string; organisation_id: string },
    private readonly batchId: string,
    private readonly by: string | null,
  ) {}

  person(p: ImportedPerson, areaCode: string): string {
    const row = personRow(p, areaCode, randomUUID(), `import:${this.batchId}`);
    this.persons.push(row.person);
    if (row.vulnerability) this.vulnerabilities.push(row.vulnerability);
    if (row.entitlement) this.entitlements.push(row.entitlement);
    return row.person.id;
  }

  record(
    before: Existing | undefined,
    key: string,
    r: { row: number; cells: Record<string, string>; hash: string },
    status: 'linked' | 'new' | 'review' | 'rejected' | 'pending',
    reasons: FieldIssue[],
    link: RecordLink | null = null,
  ): string {
    const values = {
      batch_id: this.batchId,
      row_number: r.row,
      row_hash: r.hash,
      raw: JSON.stringify(r.cells),
      status,
      reasons: JSON.stringify(reasons),
      person_id: link?.personId ?? null,
      match_score: link?.score ?? null,
      area_code: link?.areaCode ?? null,
      candidates: JSON.stringify(link?.candidates ?? []),
      decided_by: null,
      decided_at: null,
    };
    if (before) {
      this.updates.push({ id: before.id, values: { ...values, previous: JSON.stringify(before), updated_at: new Date() } });
      return before.id;
    }
    const id = randomUUID();
    this.inserts.push({
      ...values,
      id,
      source_code: this.source.code,
      organisation_id: this.source.organisation_id,
      record_key: key,
      first_batch_id: this.batchId,
    });
    return id;
  }

  /** A pending row, matched: its status and person, nothing else about it changes. */
  settle(id: string, status: 'linked' | 'new' | 'review', link: RecordLink): void {
    this.settled.push({ id, status, person_id: link.personId, match_score: link.score, candidates: link.candidates });
  }

  provenance(personId: string, fields: Record<string, unknown>, recordId: string): void {
    this.provenanceRows.push({ personId, fields, recordId });
  }

  async flush(tx: Tx): Promise<void> {
    if (this.persons.length) await tx.insertInto('persons').values(this.persons).execute();
    if (this.vulnerabilities.length) await tx.insertInto('person_vulnerabilities').values(this.vulnerabilities).execute();
    if (this.entitlements.length) await tx.insertInto('person_entitlements').values(this.entitlements).execute();
    if (this.inserts.length)
      await tx
        .insertInto('source_records')
        .values(this.inserts as never)
        .execute();
    if (this.settled.length)
      await sql`
        UPDATE source_records r
        SET status = v.status, person_id = v.person_id, match_score = v.match_score, candidates = v.candidates, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(this.settled)}::jsonb) AS v(id uuid, status text, person_id uuid, match_score real, candidates jsonb)
        WHERE r.id = v.id`.execute(tx);
    for (const u of this.updates)
      await tx
        .updateTable('source_records')
        .set(u.values as never)
        .where('id', '=', u.id)
        .execute();
    const rows = this.provenanceRows.flatMap((p) =>
      Object.entries(p.fields)
        .filter(([, v]) => v !== undefined)
        .map(([field, value]) => ({
          person_id: p.personId,
          field,
          value: JSON.stringify(value ?? null),
          source: 'import',
          source_ref: `import:${this.batchId}:${p.recordId}`,
          recorded_by: this.by,
        })),
    );
    for (let i = 0; i < rows.length; i += 2000)
      await tx
        .insertInto('field_provenance')
        .values(rows.slice(i, i + 2000))
        .execute();
  }
}

/** What the row says of the person, field by field, for provenance. */
export function importedFields(p: ImportedPerson, areaCode: string): Record<string, unknown> {
  return {
    cid: p.cid ?? undefined,
    titleTh: p.title ?? undefined,
    firstNameTh: p.firstName,
    lastNameTh: p.lastName,
    birthDate: p.birth ? partialDateString(p.birth.iso, p.birth.precision) : undefined,
    sex: p.sex === 'unknown' ? undefined : p.sex,
    areaCode,
    phones: p.phones.length ? p.phones : undefined,
    disabilityTypes: p.disabilityTypes.length ? p.disabilityTypes : undefined,
    disabilityCard: p.disabilityCard ?? undefined,
    disabilityCardIssued: p.disabilityCardIssued ?? undefined,
    disabilityCardExpiry: p.disabilityCardExpiry ?? undefined,
    adlGroup: p.adl?.group,
    adlScore: p.adl?.score ?? undefined,
    adlDate: p.adl?.date ?? undefined,
    // The same key a user's entry of an allowance is recorded under.
    ...(p.allowance && { [`entitlement.${p.allowance.kind}`]: p.allowance }),
    gps: p.gps ?? undefined,
    // No place on the person holds a caregiver the row names (household members are a visit's record): provenance only.
    caregiver: p.caregiver ?? undefined,
  };
}

/** A stored error in words: its catalogue message, or the general one for a message that is not a code. */
function errorMessage(error: string): { message_th: string; message_en: string } {
  const { message_th, message_en } = errorBody(error in ERRORS ? (error as ErrorCode) : 'internal');
  return { message_th, message_en };
}

export async function loadBatch(db: Kysely<DB>, who: Importer, id: string): Promise<Omit<BatchSummary, 'repeated'>> {
  const b = await run(db, who, (tx) =>
    tx
      .selectFrom('import_batches')
      .selectAll()
      .select(
        sql<number>`(SELECT count(*)::int FROM source_records r WHERE r.batch_id = import_batches.id AND r.status <> 'rejected' AND r.reasons <> '[]'::jsonb)`.as(
          'warned',
        ),
      )
      .where('id', '=', id)
      .executeTakeFirst(),
  );
  if (!b) throw new AppError(404, 'not_found');
  return {
    id: b.id,
    source: b.source_code,
    fileName: b.file_name,
    status: b.status,
    startedAt: b.started_at.toISOString(),
    finishedAt: b.finished_at?.toISOString() ?? null,
    total: b.total,
    accepted: b.accepted,
    rejected: b.rejected,
    warned: b.warned,
    unchanged: b.unchanged,
    linked: b.linked,
    created: b.created,
    review: b.review,
    progress: b.progress,
    error: b.error,
    errorMessage: b.error ? errorMessage(b.error) : null,
  };
}

/** Persons an import registered are removed on rollback only if nothing else has come to refer to them. */
const PERSON_REFERENCES = [
  'assessments',
  'visits',
  'referrals',
  'care_plans',
  'case_team_members',
  'consents',
  'caseload_assignments',
  'tasks',
  'household_members',
  'person_shares',
  'person_entitlements',
] as const;

/**
 * Undoes a source's latest batch: records it introduced are removed, records it changed are put back
 * as they were, the persons it registered are removed unless anything else (another source, a visit,
 * an assessment, a user's edit…) refers to them, and its provenance rows go with it.
 */
export async function rollbackBatch(
  db: Kysely<DB>,
  who: Importer,
  batchId: string,
): Promise<Omit<BatchSummary, 'repeated'> & { personsRemoved: number; personsKept: number }> {
  // Reading the batch through the importer's rights is the ownership check.
  const batch = await run(db, who, (tx) =>
    tx.selectFrom('import_batches').select(['id', 'source_code', 'status']).where('id', '=', batchId).executeTakeFirst(),
  );
  if (!batch) throw new AppError(404, 'not_found');
  const result = await asSystem(db, async (tx) => {
    const latest = await tx
      .selectFrom('import_batches')
      .select('id')
      .where('source_code', '=', batch.source_code)
      .where('status', '=', 'done')
      .orderBy('started_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (batch.status !== 'done' || latest?.id !== batchId) throw new AppError(409, 'import.not_latest');
    const introduced = await tx
      .deleteFrom('source_records')
      .where('first_batch_id', '=', batchId)
      .where('batch_id', '=', batchId)
      .returning(['person_id', 'status'])
      .execute();
    const changed = await tx.selectFrom('source_records').select(['id', 'previous', 'person_id', 'status']).where('batch_id', '=', batchId).execute();
    for (const c of changed) {
      const p = c.previous as Record<string, unknown>;
      await tx
        .updateTable('source_records')
        .set({
          batch_id: p.batch_id as string,
          row_number: p.row_number as number,
          row_hash: p.row_hash as string,
          raw: JSON.stringify(p.raw),
          status: p.status as 'linked',
          reasons: JSON.stringify(p.reasons),
          person_id: p.person_id as string | null,
          match_score: p.match_score as number | null,
          area_code: p.area_code as string | null,
          candidates: JSON.stringify(p.candidates ?? []),
          decided_by: (p.decided_by as string | null) ?? null,
          decided_at: (p.decided_at as string | null) ? new Date(p.decided_at as string) : null,
          previous: null,
          updated_at: new Date(),
        })
        .where('id', '=', c.id)
        .execute();
    }
    await tx.deleteFrom('field_provenance').where('source', '=', 'import').where('source_ref', 'like', `import:${batchId}:%`).execute();
    // A record the batch marked 'new' (introduced or changed by it) is a person the batch registered.
    const registered = [...new Set([...introduced, ...changed].filter((r) => r.status === 'new' && r.person_id).map((r) => r.person_id as string))];
    let removed = 0;
    for (const id of registered) {
      const refs = await Promise.all([
        tx.selectFrom('source_records').select('id').where('person_id', '=', id).limit(1).executeTakeFirst(),
        tx.selectFrom('field_provenance').select('id').where('person_id', '=', id).where('source', '!=', 'import').limit(1).executeTakeFirst(),
        ...PERSON_REFERENCES.map((t) =>
          t === 'person_entitlements'
            ? // An allowance the import wrote with the person goes with it; one a user added keeps the person.
              tx.selectFrom(t).select('person_id').where('person_id', '=', id).where('source', '!=', 'import').limit(1).executeTakeFirst()
            : tx.selectFrom(t).select('person_id').where('person_id', '=', id).limit(1).executeTakeFirst(),
        ),
      ]);
      if (refs.some(Boolean)) continue;
      await tx.deleteFrom('field_provenance').where('person_id', '=', id).execute();
      await tx.deleteFrom('person_vulnerabilities').where('person_id', '=', id).execute();
      await tx.deleteFrom('person_entitlements').where('person_id', '=', id).execute();
      await tx.deleteFrom('persons').where('id', '=', id).execute();
      removed++;
    }
    for (const c of changed) {
      const id = (c.previous as { person_id: string | null }).person_id;
      if (id) await refreshDerived(tx, id);
    }
    await tx
      .updateTable('import_batches')
      .set({ status: 'rolled_back', rolled_back_at: new Date(), rolled_back_by: who.kind === 'user' ? who.actor.userId : null })
      .where('id', '=', batchId)
      .execute();
    const details = {
      source: batch.source_code,
      recordsRemoved: introduced.length,
      recordsRestored: changed.length,
      personsRemoved: removed,
      personsKept: registered.length - removed,
    };
    await audit(tx, who.kind === 'user' ? who.actor : null, { action: 'import.rollback', subjectType: 'import_batch', subjectId: batchId, details });
    return details;
  });
  return { ...(await loadBatch(db, who, batchId)), personsRemoved: result.personsRemoved, personsKept: result.personsKept };
}

/** A batch's rejected rows as received, each with its reasons, to fix and import again. */
/** A batch's rows that were refused, or (`warned`) taken with a warning, with their reasons. */
export async function rejectedRows(db: Kysely<DB>, who: Importer, batchId: string, limit?: number, which: 'rejected' | 'warned' = 'rejected') {
  return run(db, who, async (tx) => {
    const { headers } = await tx.selectFrom('import_batches').select('headers').where('id', '=', batchId).executeTakeFirstOrThrow();
    let q = tx.selectFrom('source_records').select(['row_number', 'record_key', 'raw', 'reasons']).where('batch_id', '=', batchId).orderBy('row_number');
    q = which === 'rejected' ? q.where('status', '=', 'rejected') : q.where('status', '<>', 'rejected').where(sql<boolean>`reasons <> '[]'::jsonb`);
    if (limit) q = q.limit(limit);
    const rows = await q.execute();
    if (who.kind === 'user')
      await audit(tx, who.actor, { action: 'import.rejections', subjectType: 'import_batch', subjectId: batchId, details: { rows: rows.length, which } });
    return { headers, rows };
  });
}

/**
 * How much of each source is integrated, by district: its rows linked to a person already known, new
 * persons, rows in review and rows rejected; and the persons counted once, by vulnerability, in the
 * viewer's areas. Counts only: no person is named.
 */
export async function coverage(db: Kysely<DB>, scopes: string[]) {
  return asSystem(db, async (tx) => {
    const bySource = await tx
      .selectFrom('source_records as r')
      .innerJoin('import_sources as s', 's.code', 'r.source_code')
      .select([
        'r.source_code',
        's.name',
        sql<string | null>`left(r.area_code, 4)`.as('district'),
        sql<number>`count(*) FILTER (WHERE r.status = 'linked')::int`.as('linked'),
        sql<number>`count(*) FILTER (WHERE r.status = 'new')::int`.as('new'),
        sql<number>`count(*) FILTER (WHERE r.status = 'review')::int`.as('review'),
        sql<number>`count(*) FILTER (WHERE r.status = 'rejected')::int`.as('rejected'),
      ])
      // Rows not placed in an area (rejected before that) count for province-wide viewers only.
      .where((eb) => eb.or([areaUnder('r.area_code', scopes)(eb as never), sql<boolean>`r.area_code IS NULL AND ${scopes.some((s) => s.length <= 2)}`]))
      .groupBy(['r.source_code', 's.name', sql`left(r.area_code, 4)`])
      .orderBy('r.source_code')
      .orderBy(sql`left(r.area_code, 4)`)
      .execute();
    const persons = await tx
      .selectFrom('persons as p')
      .select([
        sql<number>`count(DISTINCT p.id)::int`.as('persons'),
        sql<number>`count(DISTINCT p.id) FILTER (WHERE 'disability' = ANY (p.flags))::int`.as('disability'),
        // Elderly is an age, not a stored flag: 60 or over today.
        sql<number>`count(DISTINCT p.id) FILTER (WHERE p.birth_date <= (${todayIso()}::date - interval '60 years'))::int`.as('elderly'),
        sql<number>`count(DISTINCT p.id) FILTER (WHERE p.adl_group = 'bedridden')::int`.as('bedridden'),
        sql<number>`count(DISTINCT p.id) FILTER (WHERE 'awaiting_rehabilitation' = ANY (p.flags))::int`.as('awaitingRehabilitation'),
        sql<number>`count(DISTINCT r.source_code)::int`.as('sources'),
        sql<number>`count(r.id)::int`.as('records'),
      ])
      .innerJoin('source_records as r', 'r.person_id', 'p.id')
      .where((eb) => areaUnder('p.area_code', scopes)(eb as never))
      .executeTakeFirstOrThrow();
    return { bySource, counted: persons };
  });
}

/** Every imported row and the person it is linked to (none for a rejected row): `source,record_key,person_id`. */
export async function* linkRows(db: Kysely<DB>): AsyncGenerator<{ source: string; recordKey: string; personId: string | null }> {
  let after = '';
  for (;;) {
    const rows = await asSystem(db, (tx) =>
      tx
        .selectFrom('source_records')
        .select(['id', 'source_code', 'record_key', 'person_id'])
        .where('id', '>', after || '00000000-0000-0000-0000-000000000000')
        .orderBy('id')
        .limit(5000)
        .execute(),
    );
    for (const r of rows) yield { source: r.source_code, recordKey: r.record_key, personId: r.person_id };
    if (rows.length < 5000) return;
    after = (rows.at(-1) as { id: string }).id;
  }
}
