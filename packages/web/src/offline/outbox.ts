import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { ApiError, api } from '../api';
import { type OutboxItem, offlineDb } from './db';

const BASE_DELAY = 5_000;
const MAX_DELAY = 10 * 60_000;

/** Queues what was recorded; it is sent now if there is a connection, later otherwise. */
export async function enqueue(items: Array<Omit<OutboxItem, 'status' | 'attempts' | 'nextAttemptAt' | 'createdAt'>>): Promise<void> {
  const now = Date.now();
  await offlineDb.outbox.bulkPut(items.map((i) => ({ ...i, status: 'waiting' as const, attempts: 0, nextAttemptAt: now, createdAt: now })));
  void flush();
}

let running: Promise<void> | null = null;

/**
 * Sends what is due, oldest visit first and each visit's parts in order. The server treats every id
 * as an idempotency key, so a send that reached it but whose answer was lost is simply sent again.
 * A network failure or a 5xx waits and retries with exponential backoff (5 s … 10 min); a refusal
 * (4xx) is kept with the server's message for the user to see, and blocks the rest of its visit.
 */
export function flush(): Promise<void> {
  // `.finally` runs after the assignment even when run() returns at once (offline), so a finished
  // run never stays in `running`.
  running ??= run().finally(() => {
    running = null;
  });
  return running;
}

async function run(): Promise<void> {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  const due = await offlineDb.outbox.where('status').anyOf('waiting', 'sending').toArray();
  const groups = new Map<string, OutboxItem[]>();
  for (const item of due.sort((a, b) => a.createdAt - b.createdAt || a.order - b.order)) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  for (const items of groups.values()) {
    for (const item of items) {
      if (item.nextAttemptAt > Date.now()) break;
      if (!(await send(item))) break;
    }
  }
}

async function send(item: OutboxItem): Promise<boolean> {
  await offlineDb.outbox.update(item.id, { status: 'sending' });
  try {
    await api(item.path, { method: item.method ?? 'POST', body: item.body, on401: 'throw' });
    await offlineDb.outbox.update(item.id, { status: 'sent', sentAt: Date.now(), error: undefined });
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
      e instanceof ApiError
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

export async function discard(group: string): Promise<void> {
  await offlineDb.outbox.where('group').equals(group).delete();
}
