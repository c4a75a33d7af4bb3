import { describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../offline/db';
import { type CaseloadEntry, withOutbox } from './api';

vi.mock('../../offline/outbox', () => ({ outboxEvents: new EventTarget(), useOutbox: () => [] }));

const entry = (personId: string, over: Partial<CaseloadEntry> = {}): CaseloadEntry => ({
  assignmentId: `a-${personId}`,
  personId,
  name: `คน ${personId}`,
  age: 70,
  sex: 'female',
  address: '',
  phones: [],
  version: 1,
  adlGroup: null,
  flags: [],
  gaps: [],
  lastVisitAt: null,
  nextVisitOn: null,
  openTasks: 0,
  volunteer: 'อาสา',
  ...over,
});

const item = (over: Partial<OutboxItem> & Pick<OutboxItem, 'id' | 'kind' | 'personId'>): OutboxItem => ({
  group: over.id,
  order: 0,
  userId: 'u',
  personName: 'นาง ใหม่ ในหมู่บ้าน',
  path: '/api/visits',
  body: {},
  status: 'waiting',
  attempts: 0,
  nextAttemptAt: 0,
  createdAt: 0,
  ...over,
});

const visit = (id: string, personId: string, visitedAt: string, nextVisitOn: string, status: OutboxItem['status'] = 'waiting') =>
  item({ id, kind: 'visit', personId, status, body: { id, personId, visitedAt, nextVisitOn } });

const registration = (id: string, over: Partial<OutboxItem> = {}) =>
  item({
    id,
    kind: 'registration',
    personId: id,
    path: '/api/persons/registrations',
    body: { id, person: { sex: 'female', address: { villageNo: 4 } } },
    ...over,
  });

describe('the caseload with what the outbox holds laid over it', () => {
  it('shows a visit recorded on the phone on its card at once, and not an older one over a newer', () => {
    const server = [entry('p1'), entry('p2', { lastVisitAt: '2026-12-05T03:00:00.000Z', nextVisitOn: '2026-12-19' })];
    const shown = withOutbox(server, [
      visit('v1', 'p1', '2026-12-07T10:00:00+07:00', '2026-12-21'),
      visit('v2', 'p2', '2026-12-01T10:00:00+07:00', '2026-12-15'),
    ]);
    expect(shown[0]).toMatchObject({ personId: 'p1', lastVisitAt: '2026-12-07T10:00:00+07:00', nextVisitOn: '2026-12-21' });
    expect(shown[1]).toMatchObject({ personId: 'p2', nextVisitOn: '2026-12-19' });
  });

  it('leaves out a visit the server refused', () => {
    const shown = withOutbox([entry('p1')], [visit('v1', 'p1', '2026-12-07T10:00:00+07:00', '2026-12-21', 'error')]);
    expect(shown[0]!.nextVisitOn).toBeNull();
  });

  it('lists a person registered on the phone, under the server id once known, until the server caseload has them', () => {
    const waiting = withOutbox([entry('p1')], [registration('local-1'), visit('v1', 'local-1', '2026-12-07T10:00:00+07:00', '2026-12-21')]);
    expect(waiting.map((e) => [e.personId, e.local])).toEqual([
      ['local-1', 'waiting'],
      ['p1', undefined],
    ]);
    expect(waiting[0]).toMatchObject({ name: 'นาง ใหม่ ในหมู่บ้าน', address: 'ม.4', nextVisitOn: '2026-12-21' });

    const mapped = withOutbox([entry('p1')], [registration('local-1', { status: 'sent', serverPersonId: 'p9' })]);
    expect(mapped[0]).toMatchObject({ personId: 'p9', local: 'sent' });
    const arrived = withOutbox(
      [entry('p1'), entry('p9')],
      [registration('local-1', { status: 'sent', serverPersonId: 'p9' }), visit('v1', 'local-1', '2026-12-07T10:00:00+07:00', '2026-12-21')],
    );
    expect(arrived.map((e) => e.personId)).toEqual(['p1', 'p9']);
    // The visit recorded under the phone's id shows on the registered person's card.
    expect(arrived[1]).toMatchObject({ nextVisitOn: '2026-12-21' });
  });

  it('drops a registration the reviewer refused from the caseload', () => {
    expect(withOutbox([], [registration('local-1', { status: 'error' })])).toEqual([]);
    expect(withOutbox([], [registration('local-2', { status: 'review' })])[0]).toMatchObject({ local: 'review' });
  });
});
