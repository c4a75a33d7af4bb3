import type { Actor, Tx } from '../../db/context.js';

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string;
  areaCode?: string | null;
  purpose?: string;
  /** Never a password, token or the personal values themselves: field names and counts. */
  details?: Record<string, unknown>;
}

/** Appends one audit event inside the caller's transaction, so the act and its record commit together. */
export async function audit(tx: Tx, actor: Pick<Actor, 'userId' | 'username' | 'ip'> | null, entry: AuditEntry & { ip?: string | null }): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: actor?.userId ?? null,
      actor_username: actor?.username ?? null,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      area_code: entry.areaCode ?? null,
      ip: entry.ip ?? actor?.ip ?? null,
      purpose: entry.purpose ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
