import { nameKey, searchKey } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as recomputeSearchKeys } from '../../db/migrations/0019_search_key.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Name search over HTTP forgives the common Thai spelling slips (ศ/ษ/ส, ท/ธ, a missing vowel, tone
 * marks) and lists the best match first (issue 17, item 12); it still shows only what the user may see.
 */
let f: Fixture;
let sw: ApiClient;
const ids: Record<string, string> = {};
const PEOPLE: Array<[string, string]> = [
  ['มานี', 'สีสุข'],
  ['บุญมี', 'ศรีสุข'],
  ['ธนพร', 'ใจงาม'],
  ['ทนงศักดิ์', 'บัวทอง'],
  ['กิตติพงษ์', 'รุ่งเรือง'],
  ['สมศักดิ์', 'มั่นคง'],
  ['วันเพ็ญ', 'แก้วมณี'],
  // For the order: the whole name, a longer name starting with it, the query as someone's surname
  // (first in dictionary order), a partial match.
  ['สมชาย', 'ใจดี'],
  ['สมชาย', 'ใจดีมาก'],
  ['กมล', 'สมชายใจดี'],
  ['สมชาย', 'ใจเด็ด'],
  // Spelt correctly but longer than ทนพร ใจงาม: the slipped whole name ธนพร ใจงาม still comes first.
  ['ทนพร', 'ใจงามดี'],
  // The same key spelt two ways: the one spelt as typed comes first.
  ['สมสรี', 'ศรีสุข'],
  ['สมศรี', 'ศรีสุข'],
];

beforeAll(async () => {
  f = await createFixture({}, 0);
  sw = await f.as('sw.boyang');
  for (const [first, last] of PEOPLE) {
    const r = await sw.post('/api/persons', {
      cidMissingReason: 'no_card',
      firstNameTh: first,
      lastNameTh: last,
      birthDate: '2500',
      sex: 'female',
      areaCode: '900101',
      confirmNotDuplicate: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[`${first} ${last}`] = r.body.id;
  }
}, 60_000);
afterAll(() => f?.close());

async function names(client: ApiClient, q: string): Promise<string[]> {
  const r = await client.get(`/api/persons?pageSize=20&q=${encodeURIComponent(q)}`);
  expect(r.status).toBe(200);
  return r.body.items.map((x: { firstNameTh: string; lastNameTh: string }) => `${x.firstNameTh} ${x.lastNameTh}`);
}

describe('name search forgives Thai spelling slips', () => {
  it.each([
    ['ศ/ส and the unsounded ร: ศรีสุข finds สีสุข', 'มานี ศรีสุข', 'มานี สีสุข'],
    ['and สีสุข finds ศรีสุข', 'บุญมี สีสุข', 'บุญมี ศรีสุข'],
    ['ท/ธ: ทนพร finds ธนพร', 'ทนพร ใจงาม', 'ธนพร ใจงาม'],
    ['ธ/ท: ธนงศักดิ์ finds ทนงศักดิ์', 'ธนงสักดิ์ บัวทอง', 'ทนงศักดิ์ บัวทอง'],
    ['a missing ั', 'สมศกดิ์ มั่นคง', 'สมศักดิ์ มั่นคง'],
    ['a missing ิ (by similarity)', 'กิตติพงษ์ รุ่งเรอง', 'กิตติพงษ์ รุ่งเรือง'],
    ['a missing ิ in the first name', 'กตติพงษ์ รุ่งเรือง', 'กิตติพงษ์ รุ่งเรือง'],
    ['a tone mark dropped', 'วันเพ็ญ แกวมณี', 'วันเพ็ญ แก้วมณี'],
    ['a tone mark added', 'วันเพ็ญ แก้วมณี่', 'วันเพ็ญ แก้วมณี'],
    ['ณ/น and a wrong tone mark', 'วันเพ็ญ แก๊วมนี', 'วันเพ็ญ แก้วมณี'],
  ])('%s', async (_why, typed, person) => {
    expect((await names(sw, typed))[0]).toBe(person);
  });

  it('lists the whole name first, then a name starting with it, then partial and surname matches', async () => {
    const list = await names(sw, 'สมชาย ใจดี');
    expect(list.slice(0, 2)).toEqual(['สมชาย ใจดี', 'สมชาย ใจดีมาก']);
    expect(list).toContain('กมล สมชายใจดี');
    expect(list.indexOf('กมล สมชายใจดี')).toBeGreaterThan(1);
    // A title and a slip do not change the order.
    expect((await names(sw, 'นายสมชาย ใจดี่')).slice(0, 2)).toEqual(['สมชาย ใจดี', 'สมชาย ใจดีมาก']);
  });

  it('lists the whole name with a slip before a longer name spelt as typed', async () => {
    expect((await names(sw, 'ทนพร ใจงาม')).slice(0, 2)).toEqual(['ธนพร ใจงาม', 'ทนพร ใจงามดี']);
  });

  it('lists the name spelt as typed before the same name spelt another way', async () => {
    expect((await names(sw, 'สมศรี ศรีสุข')).slice(0, 2)).toEqual(['สมศรี ศรีสุข', 'สมสรี ศรีสุข']);
    expect((await names(sw, 'สมสรี ศรีสุข')).slice(0, 2)).toEqual(['สมสรี ศรีสุข', 'สมศรี ศรีสุข']);
  });

  it('still shows only the persons in the user’s scope', async () => {
    const hatyai = await f.as('sw.hatyai');
    expect(await names(hatyai, 'สมชาย ใจดี')).toEqual([]);
    expect(await names(hatyai, 'สีสุข')).toEqual([]);
  });

  it('the migration recomputes keys stored before with the search key', async () => {
    const id = ids['ธนพร ใจงาม']!;
    await f.database.db
      .updateTable('persons')
      .set({ name_key: nameKey('ธนพร ใจงาม') })
      .where('id', '=', id)
      .execute();
    await recomputeSearchKeys(f.database.db);
    const row = await f.database.db.selectFrom('persons').select('name_key').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name_key).toBe(searchKey('ธนพรใจงาม'));
    expect((await names(sw, 'ทนพร ใจงาม'))[0]).toBe('ธนพร ใจงาม');
  });
});
