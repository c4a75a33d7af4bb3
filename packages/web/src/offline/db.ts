import Dexie, { type EntityTable } from 'dexie';

/** One thing recorded on the device and not yet acknowledged by the server. */
export interface OutboxItem {
  /**
   * The client-generated id of the visit, assessment or registration: the server's idempotency key. A
   * registration's id is also the id the phone gives the new person until the server names them.
   */
  id: string;
  /** `person`: an edit of a person; `registration`: a newly found person registered on the phone. */
  kind: 'assessment' | 'visit' | 'person' | 'registration';
  /** Items of one visit share a group and go in order: its assessments first, then the visit. */
  group: string;
  order: number;
  userId: string;
  /** The registry's id, or the phone's id of a person registered here and not yet known to the server. */
  personId: string;
  personName: string;
  path: string;
  /** POST for visits and assessments; PATCH for an edit of the person, which carries the version it was made on. */
  method?: 'POST' | 'PATCH';
  body: unknown;
  /**
   * `conflict`: the person was changed on the server meanwhile; the user chooses whose values stand.
   * `review`: a registration the server holds until a supervisor decides whether the person is already
   * registered; what was recorded for that person waits on the phone until then.
   */
  status: 'waiting' | 'sending' | 'sent' | 'error' | 'conflict' | 'review';
  /** A registration's person as the server registered or linked them: what the phone's id now stands for. */
  serverPersonId?: string;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  sentAt?: number;
  /** A refusal the user must act on (in Thai and English), or the last network problem. */
  error?: { th: string; en: string; permanent: boolean };
}

export interface CachedList<T> {
  key: string;
  userId: string;
  savedAt: number;
  data: T;
}

/**
 * The phone's own store (IndexedDB through Dexie): the outbox, and copies of what the visit screens
 * need with no signal (the caseload, the instruments, the signed-in user).
 */
export class OfflineDb extends Dexie {
  outbox!: EntityTable<OutboxItem, 'id'>;
  cache!: EntityTable<CachedList<unknown>, 'key'>;

  constructor() {
    super('carehub-offline');
    this.version(1).stores({ outbox: 'id, status, group, userId, createdAt', cache: 'key, userId' });
  }
}

export const offlineDb = new OfflineDb();

export async function cachePut<T>(key: string, userId: string, data: T): Promise<void> {
  await offlineDb.cache.put({ key: `${userId}:${key}`, userId, savedAt: Date.now(), data });
}

export async function cacheGet<T>(key: string, userId: string): Promise<CachedList<T> | undefined> {
  return (await offlineDb.cache.get(`${userId}:${key}`)) as CachedList<T> | undefined;
}
