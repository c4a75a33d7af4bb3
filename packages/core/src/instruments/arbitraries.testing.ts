/** Arbitraries of instrument answers for property tests (test-only: excluded from the build). */
import fc from 'fast-check';
import type { Answer, Answers, InstrumentDefinition, Item } from './index.js';

/** Any answer the item allows. */
export function validAnswer(item: Item): fc.Arbitrary<Answer> {
  const values = item.options?.map((o) => o.value) ?? [];
  switch (item.type) {
    case 'yesno':
      return fc.boolean();
    case 'single':
      return fc.constantFrom(...values);
    case 'multiple':
      return fc.subarray(values);
    case 'number':
      return fc.integer({ min: item.min ?? -1000, max: item.max ?? 1000 });
    case 'date':
      return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'photo':
      return fc.constant('data:image/png;base64,iVBORw0KGgo=');
    default:
      return fc.string({ minLength: 1 });
  }
}

/** Something a buggy or hostile client might send instead. */
const garbage: fc.Arbitrary<Answer> = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.array(fc.oneof(fc.string(), fc.integer())));

/** A response as a form may send it: any item may be left out, cleared to null or (when `noisy`) hold garbage. */
export function responses(d: InstrumentDefinition, noisy = false): fc.Arbitrary<Answers> {
  const answer = (i: Item) =>
    fc.option(noisy ? fc.oneof({ weight: 3, arbitrary: validAnswer(i) }, { weight: 1, arbitrary: garbage }) : validAnswer(i), { nil: null, freq: 4 });
  return fc.record(Object.fromEntries(d.items.map((i) => [i.id, answer(i)])), { requiredKeys: [] }) as fc.Arbitrary<Answers>;
}
