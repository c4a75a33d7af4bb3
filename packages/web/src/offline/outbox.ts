import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api';
import { type OutboxItem, offlineDb } from './db';

const BASE_DELAY = 5_000;
const MAX_DELAY = 10 * 60_000;
/** How long saving waits for the server before saying it is kept on the phone. */
const SETTLE_MS = 8_000;

/** What became of what was just saved: sent, kept on the phone to send later, held for review, or refused. */
export type Outcome = 'sent' | 'queued' | 'review' | 'error';

/** Announces each item the server accepted, so screens can refetch what it changed (the caseload). */
export const outboxEvents = new EventTarget();

/**
 * Queues what was recorded and tries to send it at once. Tells honestly what happened: `sent` only
 * when the server took every item, `queued` when it stays on the phone for later (no signal, or
 * waiting for a person still in review), `review` for a registration held for a duplicate review,
 * `error` when the server refused it (the outbox shows why).
 */
export async function enqueue(items: Array<Omit<OutboxItem, 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt'>>): Promise<Outcome> {
  const now = Date.now();
  await offlineDb.outbox.bulkPut(items.map((i) => ({ ...i, status: 'waiting' as const, attempts: 0, nextAttemptAt: now, createdAt: now })));
  // A weak signal must not hold the volunteer at the save button: past a few seconds it is "kept on
  // the phone" (still sending in the background), which is what it then is.
  await Promise.race([flush(), new Promise((r) => setTimeout(r, SETTLE_MS))]);
  const stored = (await offlineDb.outbox.bulkGet(items.map((i) => i.id))).filter((i): i is OutboxItem => !!i);
  if (stored.some((i) => i.status === 'error' || i.status === 'conflict')) return 'error';
  if (stored.some((i) => i.status === 'review')) return 'review';
  return stored.every((i) => i.status === 'sent') ? 'sent' : 'queued';
}

let running: Promise<void> | null = null;
let again = false;

/**
 * Sends what is due, oldest first and each visit's parts in order. The server treats every id as an
 * idempotency key, so a send that reached it but whose answer was lost is simply sent again. A
 * network failure or a 5xx waits and retries with exponential backoff (5 s … 10 min); a refusal (4xx)
 * is kept with the server's message for the user to see, and blocks the rest of its visit. A person
 * registered on the phone goes before anything recorded for them, which is then sent under the id
 * the server gave the person; while the person waits for a duplicate review, so does what was
 * recorded for them.
 */
export function flush(): Promise<void> {
  if (running) {
    // Asked while a run is under way (something new was queued): run once more before settling.
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await run();
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

async function run(): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  await checkReviews();
  const due = await offlineDb.outbox.where('status').anyOf('waiting', 'sending').toArray();
  const groups = new Map<string, OutboxItem[]>();
  // Registrations first: a visit recorded for a new person needs the person on the server.
  const order = (i: OutboxItem) => (i.kind === 'registration' ? 0 : 1);
  for (const item of due.sort((a, b) => order(a) - order(b) || a.createdAt - b.createdAt || a.order - b.order))
    groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  for (const items of groups.values()) {
    for (const item of items) {
      if (item.nextAttemptAt > Date.now()) break;
      const ready = await forServer(item);
      if (!ready) break;
      if (!(await send(ready))) break;
    }
  }
}

/**
 * The item as the server must get it: if it names a person registered on this phone, under the id
 * the server gave that person; null while the server does not know the person yet.
 */
async function forServer(item: OutboxItem): Promise<OutboxItem | null> {
  if (item.kind === 'registration') return item;
  const registration = await offlineDb.outbox.get(item.personId);
  if (registration?.kind !== 'registration') return item;
  if (!registration.serverPersonId) return null;
  const to = registration.serverPersonId;
  const swap = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll(item.personId, to));
  const mapped = { ...item, personId: to, path: swap(item.path), body: swap(item.body) };
  await offlineDb.outbox.update(item.id, { personId: to, path: mapped.path, body: mapped.body });
  return mapped;
}

interface RegistrationState {
  status: 'review' | 'created' | 'linked' | 'rejected';
  personId: string | null;
  reason: string | null;
}

/** Settles a registration from the server's answer: registered or linked (and the id mapped), held for review, or refused. */
async function settleRegistration(item: OutboxItem, state: RegistrationState): Promise<boolean> {
  if ((state.status === 'created' || state.status === 'linked') && state.personId) {
    await offlineDb.outbox.update(item.id, { status: 'sent', sentAt: Date.now(), serverPersonId: state.personId, error: undefined });
    outboxEvents.dispatchEvent(new CustomEvent('sent', { detail: item }));
    return true;
  }
  if (state.status === 'review') {
    await offlineDb.outbox.update(item.id, { status: 'review', error: undefined });
    return false;
  }
  const reason = state.reason ?? '';
  await offlineDb.outbox.update(item.id, {
    status: 'error',
    error: { th: `ผู้ตรวจสอบไม่ลงทะเบียนบุคคลนี้: ${reason}`, en: `The reviewer did not register this person: ${reason}`, permanent: true },
  });
  return false;
}

/** Registrations held for review: has a supervisor decided? */
async function checkReviews(): Promise<void> {
  const held = await offlineDb.outbox.where('status').equals('review').toArray();
  for (const item of held) {
    try {
      const state = await api<RegistrationState>(`/api/persons/registrations/${item.id}`, { on401: 'throw' });
      if (state.status !== 'review' && (await settleRegistration(item, state)))
        await offlineDb.outbox.where('status').equals('waiting').modify({ nextAttemptAt: 0 });
    } catch {
      // No answer now: asked again on the next run.
    }
  }
}

async function send(item: OutboxItem): Promise<boolean> {
  await offlineDb.outbox.update(item.id, { status: 'sending' });
  try {
    const answer = await api<unknown>(item.path, { method: item.method ?? 'POST', body: item.body, on401: 'throw' });
    if (item.kind === 'registration') return settleRegistration(item, answer as RegistrationState);
    await offlineDb.outbox.update(item.id, { status: 'sent', sentAt: Date.now(), error: undefined });
    outboxEvents.dispatchEvent(new CustomEvent('sent', { detail: item }));
    return true;
  } catch (e) {
    const attempts = item.attempts + 1;
    if (e instanceof ApiError && e.code === 'conflict.stale') {
      // Nothing is overwritten: the user sees both values and decides (resolveConflict).
      await offlineDb.outbox.update(item.id, { status: 'conflict', attempts, error: { th: e.body.message_th, en: e.body.message_en, permanent: true } });
      return false;
    }
    const permanent = e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429;
    const error =
      e instanceof ApiError && e.status !== 0
        ? { th: e.body.message_th, en: e.body.message_en, permanent }
        : { th: 'ส่งไม่สำเร็จ จะลองใหม่เมื่อมีสัญญาณ', en: 'Not sent; will retry when online', permanent: false };
    await offlineDb.outbox.update(item.id, {
      status: permanent ? 'error' : 'waiting',
      attempts,
      nextAttemptAt: Date.now() + Math.min(MAX_DELAY, BASE_DELAY * 2 ** (attempts - 1)),
      error,
    });
    return false;
  }
}

/** Retries when the connection comes back, and every 30 s while anything waits. */
export function startOutbox(): () => void {
  const onOnline = () => {
    // Back online: what was waiting goes now, not after its backoff.
    void offlineDb.outbox
      .where('status')
      .equals('waiting')
      .modify({ nextAttemptAt: 0 })
      .then(() => flush());
  };
  window.addEventListener('online', onOnline);
  const timer = window.setInterval(() => void flush(), 30_000);
  void flush();
  return () => {
    window.removeEventListener('online', onOnline);
    window.clearInterval(timer);
  };
}

/** The outbox of this user, live: what waits, what was sent, what was refused. */
export function useOutbox(userId: string): OutboxItem[] {
  const [items, setItems] = useState<OutboxItem[]>([]);
  useEffect(() => {
    const sub = liveQuery(() => offlineDb.outbox.where('userId').equals(userId).reverse().sortBy('createdAt')).subscribe({ next: setItems });
    return () => sub.unsubscribe();
  }, [userId]);
  return items;
}

/**
 * Settles a conflicting person edit: `mine` sends it again on top of the server's current version
 * (the user saw both values and chose theirs); `theirs` drops it.
 */
export async function resolveConflict(item: OutboxItem, choice: 'mine' | 'theirs', serverVersion: number): Promise<void> {
  if (choice === 'theirs') {
    await offlineDb.outbox.delete(item.id);
    return;
  }
  await offlineDb.outbox.update(item.id, { status: 'waiting', nextAttemptAt: 0, error: undefined, body: { ...(item.body as object), version: serverVersion } });
  await flush();
}

/** Sends a refused item again (after the user fixed what the server named, or the server changed). */
export async function retry(item: OutboxItem): Promise<Outcome> {
  await offlineDb.outbox.update(item.id, { status: 'waiting', nextAttemptAt: 0, error: undefined });
  await flush();
  const now = await offlineDb.outbox.get(item.id);
  return !now ? 'queued' : now.status === 'sent' ? 'sent' : now.status === 'review' ? 'review' : now.status === 'error' ? 'error' : 'queued';
}

/** Drops an item's visit (or edit) from the phone; for a registration, also what was recorded for that person. */
export async function discard(item: Pick<OutboxItem, 'group' | 'id' | 'kind'>): Promise<void> {
  await offlineDb.outbox.where('group').equals(item.group).delete();
  if (item.kind === 'registration') await offlineDb.outbox.filter((i) => i.personId === item.id).delete();
}
