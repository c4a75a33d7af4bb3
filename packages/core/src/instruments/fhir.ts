/**
 * FHIR R4 views of an instrument and of a response to it, for exchange with other systems.
 *
 * - `toQuestionnaire(def)` turns a definition into a Questionnaire: Thai text with English in the
 *   standard translation extension, option scores in the standard ordinalValue extension, skip logic
 *   in enableWhen where FHIR can say it.
 * - `toQuestionnaireResponse(def, response)` turns stored answers into a QuestionnaireResponse that
 *   points at that Questionnaire (canonical `url|version`), with the engine's scores and bands in an
 *   extension (FHIR allows no answers to items the Questionnaire does not have).
 *
 * What FHIR R4 cannot say, and what happens instead:
 * - Score conditions (`{ score, gte }`, `{ score, lte }`) and any condition kind this module does not
 *   know cannot become enableWhen (it refers to answers only): the item gets no enableWhen, so a
 *   generic FHIR renderer always shows it. The original condition is kept as JSON in the
 *   `…/StructureDefinition/instrument-show-if` extension on every item that has one.
 * - Scores, bands, alerts and next-chains are rules of the engine, not of the Questionnaire (R4 has no
 *   calculated items without SDC). The response carries the computed scores and bands instead.
 * - A yes/no item's score is not an answer option, so it goes in `…/instrument-yes-score`.
 * - FHIR strings cannot be empty or hold control characters: empty text answers are left out and
 *   control characters other than tab, CR and LF are removed. A multiple-choice item answered with
 *   an empty list is left out (a FHIR item cannot have zero answers).
 * - Numbers are `decimal`: the definition does not say whether a number is whole.
 *
 * An answer that does not fit its item (an unknown option, a string for a yes/no item, NaN…) is an
 * error, thrown as `instrument.fhir_invalid_answer:<item id>`, rather than exported as bad FHIR.
 *
 * Types only from @medplum/fhirtypes: this module has no runtime dependency on FHIR libraries.
 */
import type {
  Coding,
  Element,
  Extension,
  Questionnaire,
  QuestionnaireItem,
  QuestionnaireItemAnswerOption,
  QuestionnaireItemEnableWhen,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
  Reference,
} from '@medplum/fhirtypes';
import { type Answer, type Answers, isShown, scoreResponse } from './engine.js';
import type { InstrumentDefinition, Item } from './schema.js';

export const FHIR_TRANSLATION_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/translation';
export const FHIR_ORDINAL_VALUE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';
export const FHIR_MIN_VALUE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/minValue';
export const FHIR_MAX_VALUE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/maxValue';
const ITEM_CONTROL_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl';

export interface FhirExportOptions {
  /** The public base of this deployment, e.g. `https://carehub.example.go.th`; canonical URLs hang below it. */
  baseUrl: string;
}

/** A stored response to an instrument, as the FHIR export needs it. */
export interface InstrumentResponseForFhir {
  /** Becomes the QuestionnaireResponse id, so it must be a FHIR id (a UUID is). */
  id: string;
  answers: Answers;
  status: 'in-progress' | 'completed' | 'amended' | 'entered-in-error';
  subject: { reference: string; display?: string };
  /** ISO date-time with a time zone. */
  authored: string;
  author?: { reference: string; display?: string };
  /** Id of the response this one corrects. */
  replaces?: string;
}

/** The URLs of CareHub's own extensions and code systems below a base URL. */
export function instrumentFhirUrls(baseUrl: string) {
  const base = trimBase(baseUrl);
  const sd = `${base}/fhir/StructureDefinition`;
  return {
    questionnaire: (code: string) => `${base}/fhir/Questionnaire/${code}`,
    /** The code system of one item's options; codes are the option values. */
    optionSystem: (code: string, itemId: string) => `${base}/fhir/CodeSystem/${code}-${itemId}`,
    /** The code system of one score's bands; codes are the band codes. */
    bandSystem: (code: string, scoreId: string) => `${base}/fhir/CodeSystem/${code}-${scoreId}-band`,
    /**
     * Complex extension on a QuestionnaireResponse, one per score: `code` (valueCode, the score id),
     * `value` (valueDecimal) and, per band the score falls in, `band` with `code` (valueCoding) and
     * `severity` (valueCode).
     */
    scoreExtension: `${sd}/instrument-score`,
    /** On a QuestionnaireResponse: valueReference to the QuestionnaireResponse it corrects. */
    replacesExtension: `${sd}/instrument-response-replaces`,
    /** On a Questionnaire item: valueString, the item's `showIf` condition as JSON. */
    showIfExtension: `${sd}/instrument-show-if`,
    /** On a yes/no Questionnaire item: valueDecimal, the score of "yes". */
    yesScoreExtension: `${sd}/instrument-yes-score`,
    /** On a Questionnaire: valueBoolean, whether the wording was checked against the published source. */
    sourceVerifiedExtension: `${sd}/instrument-source-verified`,
  };
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** FHIR strings allow no control characters but tab, CR and LF. */
function fhirString(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

const CODE = /^[^\s]+( [^\s]+)*$/;
/** A FHIR code for an option value or a score id; values that are no valid code are escaped. */
function toCode(value: string | number): string {
  const s = String(value);
  return CODE.test(s) ? s : `~${encodeURIComponent(s)}`;
}

/** A FHIR id from an instrument code (ids allow no underscore). */
function toId(code: string): string {
  return code.replace(/_/g, '-').slice(0, 64);
}

/** A computer-friendly name (que-0: `[A-Z][A-Za-z0-9_]*`). */
function toName(code: string): string {
  const name = code
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return (/^[A-Z]/.test(name) ? name : `Instrument${name}`).slice(0, 255);
}

function translation(en: string): Extension {
  return {
    url: FHIR_TRANSLATION_EXTENSION,
    extension: [
      { url: 'lang', valueCode: 'en' },
      { url: 'content', valueString: fhirString(en) },
    ],
  };
}

/** `_field` element carrying the English translation of a Thai string. */
function english(en: string): Element {
  return { extension: [translation(en)] };
}

type ItemOption = NonNullable<Item['options']>[number];

function optionCoding(def: InstrumentDefinition, item: Item, option: ItemOption, baseUrl: string): Coding {
  return { system: instrumentFhirUrls(baseUrl).optionSystem(def.code, item.id), code: toCode(option.value), display: fhirString(option.label.th) };
}

function fhirItemType(item: Item): QuestionnaireItem['type'] {
  switch (item.type as string) {
    case 'single':
    case 'multiple':
      return 'choice';
    case 'yesno':
      return 'boolean';
    case 'number':
      return 'decimal';
    case 'text':
      return 'text';
    case 'date':
      return 'date';
    case 'photo':
      return 'attachment';
    default:
      // A type added to the schema after this module: free text is the safe fallback.
      return 'string';
  }
}

type EnableWhenAnswer = Omit<QuestionnaireItemEnableWhen, 'question' | 'operator'>;

/** The enableWhen answer that matches `value` given to `target`, or undefined when FHIR cannot say it. */
function enableWhenAnswer(def: InstrumentDefinition, target: Item, value: unknown, baseUrl: string): EnableWhenAnswer | undefined {
  switch (target.type as string) {
    case 'yesno':
      return typeof value === 'boolean' ? { answerBoolean: value } : undefined;
    case 'single':
    case 'multiple': {
      const option = target.options?.find((o) => o.value === value);
      return option ? { answerCoding: optionCoding(def, target, option, baseUrl) } : undefined;
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { answerDecimal: value } : undefined;
    case 'text':
      return typeof value === 'string' && fhirString(value) !== '' ? { answerString: fhirString(value) } : undefined;
    case 'date':
      return typeof value === 'string' && FHIR_DATE.test(value) ? { answerDate: value } : undefined;
    default:
      return undefined;
  }
}

interface EnableWhen {
  enableWhen: QuestionnaireItemEnableWhen[];
  enableBehavior?: 'all' | 'any';
}

/**
 * enableWhen for a `showIf` condition, or undefined when it cannot be expressed. Shapes are checked
 * structurally, so a condition kind added to the schema later is simply "not expressible".
 */
function toEnableWhen(def: InstrumentDefinition, condition: unknown, baseUrl: string): EnableWhen | undefined {
  const byId = new Map(def.items.map((i) => [i.id, i]));
  /** One `item = value` test. */
  const eq = (itemId: unknown, value: unknown): QuestionnaireItemEnableWhen | undefined => {
    const target = typeof itemId === 'string' ? byId.get(itemId) : undefined;
    const answer = target && enableWhenAnswer(def, target, value, baseUrl);
    return target && answer ? { question: target.id, operator: '=', ...answer } : undefined;
  };
  /** A condition that is a single equality, or a list of alternatives. */
  const alternatives = (c: unknown): QuestionnaireItemEnableWhen[] | undefined => {
    if (!c || typeof c !== 'object') return undefined;
    const o = c as Record<string, unknown>;
    const keys = Object.keys(o).sort().join(',');
    if (keys === 'equals,item') {
      const e = eq(o.item, o.equals);
      return e && [e];
    }
    if (keys === 'in,item' && Array.isArray(o.in) && o.in.length > 0) {
      const list = o.in.map((v) => eq(o.item, v));
      return list.every((e) => e !== undefined) ? list : undefined;
    }
    if (keys === 'anyOf' && Array.isArray(o.anyOf) && o.anyOf.length > 0) {
      const list = o.anyOf.map((x) => alternatives(x));
      return list.every((l) => l !== undefined) ? list.flat() : undefined;
    }
    return undefined;
  };
  const behaviour = (list: QuestionnaireItemEnableWhen[], behavior: 'all' | 'any'): EnableWhen =>
    list.length > 1 ? { enableWhen: list, enableBehavior: behavior } : { enableWhen: list };

  const any = alternatives(condition);
  if (any) return behaviour(any, 'any');
  // allOf: every part must be a single equality (FHIR has one level of all/any, not a mix).
  const o = condition && typeof condition === 'object' ? (condition as Record<string, unknown>) : {};
  if (Object.keys(o).join(',') === 'allOf' && Array.isArray(o.allOf) && o.allOf.length > 0) {
    const parts = o.allOf.map((x) => alternatives(x));
    if (parts.every((p) => p?.length === 1))
      return behaviour(
        parts.map((p) => p![0]!),
        'all',
      );
  }
  return undefined;
}

function toQuestionnaireItem(def: InstrumentDefinition, item: Item, baseUrl: string): QuestionnaireItem {
  const urls = instrumentFhirUrls(baseUrl);
  const type = fhirItemType(item);
  const extension: Extension[] = [];
  if (item.showIf) extension.push({ url: urls.showIfExtension, valueString: JSON.stringify(item.showIf) });
  if (item.type === 'yesno' && item.yesScore !== undefined) extension.push({ url: urls.yesScoreExtension, valueDecimal: item.yesScore });
  if (item.type === 'number') {
    if (item.min !== undefined) extension.push({ url: FHIR_MIN_VALUE_EXTENSION, valueDecimal: item.min });
    if (item.max !== undefined) extension.push({ url: FHIR_MAX_VALUE_EXTENSION, valueDecimal: item.max });
  }
  const q: QuestionnaireItem & { _text?: Element } = {
    ...(extension.length > 0 && { extension }),
    linkId: item.id,
    text: fhirString(item.label.th),
    _text: english(item.label.en),
    type,
    required: item.required,
  };
  if (item.type === 'multiple') q.repeats = true;
  if (type === 'choice') {
    q.answerOption = (item.options ?? []).map((o): QuestionnaireItemAnswerOption => {
      const valueCoding: Coding & { _display?: Element } = { ...optionCoding(def, item, o, baseUrl), _display: english(o.label.en) };
      return {
        ...(o.score !== undefined && { extension: [{ url: FHIR_ORDINAL_VALUE_EXTENSION, valueDecimal: o.score }] }),
        valueCoding,
      };
    });
  }
  const skip = item.showIf && toEnableWhen(def, item.showIf, baseUrl);
  if (skip) Object.assign(q, skip);
  if (item.help) {
    // Help text is a display child with the standard "help" item control. '-' never occurs in item ids.
    const help: QuestionnaireItem & { _text?: Element } = {
      extension: [
        { url: ITEM_CONTROL_EXTENSION, valueCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/questionnaire-item-control', code: 'help' }] } },
      ],
      linkId: `${item.id}-help`,
      text: fhirString(item.help.th),
      _text: english(item.help.en),
      type: 'display',
    };
    q.item = [help];
  }
  return q;
}

/** The FHIR R4 Questionnaire of an instrument definition. */
export function toQuestionnaire(def: InstrumentDefinition, opts: FhirExportOptions): Questionnaire {
  const urls = instrumentFhirUrls(opts.baseUrl);
  const { citation, verified, note } = def.source;
  const source = [`Source: ${citation}`, verified ? undefined : 'Not yet verified against the published source.', note].filter(Boolean).join(' ');
  const q: Questionnaire & { _title?: Element; _description?: Element } = {
    resourceType: 'Questionnaire',
    id: toId(def.code),
    extension: [{ url: urls.sourceVerifiedExtension, valueBoolean: verified }],
    language: 'th',
    url: urls.questionnaire(def.code),
    version: String(def.version),
    name: toName(def.code),
    title: fhirString(def.title.th),
    _title: english(def.title.en),
    status: 'active',
    subjectType: ['Patient'],
    description: fhirString(def.description ? `${def.description.th}\n\n${source}` : source),
    ...(def.description && { _description: english(`${def.description.en}\n\n${source}`) }),
    copyright: fhirString(citation),
    item: def.items.map((item) => toQuestionnaireItem(def, item, opts.baseUrl)),
  };
  return q;
}

const FHIR_DATE = /^(\d(\d(\d[1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2]\d|3[0-1]))?)?$/;
const BANGKOK_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit' });

function invalid(item: Item): Error {
  return new Error(`instrument.fhir_invalid_answer:${item.id}`);
}

/** A date answer: a FHIR date as is, a full timestamp as its calendar day in Bangkok. */
function toFhirDate(item: Item, value: string): string {
  if (FHIR_DATE.test(value)) return value;
  const t = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw invalid(item);
  return BANGKOK_DAY.format(t);
}

/** The FHIR answers to one item; empty when there is nothing FHIR can record. */
function toAnswers(def: InstrumentDefinition, item: Item, answer: Answer, baseUrl: string): QuestionnaireResponseItemAnswer[] {
  if (answer === null || answer === undefined) return [];
  const values = Array.isArray(answer) ? answer : [answer];
  if (item.type !== 'multiple' && values.length > 1) throw invalid(item);
  return values.flatMap((v): QuestionnaireResponseItemAnswer[] => {
    switch (item.type as string) {
      case 'single':
      case 'multiple': {
        const option = item.options?.find((o) => o.value === v);
        if (!option) throw invalid(item);
        return [{ valueCoding: optionCoding(def, item, option, baseUrl) }];
      }
      case 'yesno':
        if (typeof v !== 'boolean') throw invalid(item);
        return [{ valueBoolean: v }];
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(item);
        return [{ valueDecimal: v }];
      case 'date':
        if (typeof v !== 'string') throw invalid(item);
        return [{ valueDate: toFhirDate(item, v) }];
      case 'photo':
        if (typeof v !== 'string' || !/^\S+$/.test(v)) throw invalid(item);
        return [{ valueAttachment: { url: v } }];
      default: {
        // text, and any type added later: a string.
        if (typeof v !== 'string' && typeof v !== 'number') throw invalid(item);
        const s = fhirString(String(v));
        return s.trim() === '' ? [] : [{ valueString: s }];
      }
    }
  });
}

/**
 * The answers that count: those of shown items, where an item whose condition rests on a hidden
 * item's answer is hidden too (FHIR drops the answers of disabled items, so enableWhen cascades).
 */
function shownAnswers(def: InstrumentDefinition, answers: Answers): Answers {
  let current: Answers = { ...answers };
  for (;;) {
    const next: Answers = {};
    for (const item of def.items) if (item.id in current && isShown(item, current)) next[item.id] = current[item.id]!;
    if (Object.keys(next).length === Object.keys(current).length) return next;
    current = next;
  }
}

/**
 * The FHIR R4 QuestionnaireResponse of a stored response. Scores and bands (completed and amended
 * responses only: an unfinished or erroneous response has no result) go in the `instrument-score`
 * extension, computed by the engine from the answers of shown items.
 */
export function toQuestionnaireResponse(def: InstrumentDefinition, response: InstrumentResponseForFhir, opts: FhirExportOptions): QuestionnaireResponse {
  const urls = instrumentFhirUrls(opts.baseUrl);
  const answers = shownAnswers(def, response.answers);
  const item = def.items.flatMap((i): QuestionnaireResponseItem[] => {
    const answer = toAnswers(def, i, answers[i.id] ?? null, opts.baseUrl);
    return answer.length > 0 ? [{ linkId: i.id, text: fhirString(i.label.th), answer }] : [];
  });

  const extension: Extension[] = [];
  if (response.status === 'completed' || response.status === 'amended') {
    const scored = scoreResponse(def, answers);
    for (const s of def.scores) {
      const value = scored.scores[s.id];
      if (value === undefined || !Number.isFinite(value)) continue;
      const parts: Extension[] = [
        { url: 'code', valueCode: toCode(s.id) },
        { url: 'value', valueDecimal: value },
      ];
      for (const b of scored.bands.filter((x) => x.score === s.id)) {
        const band = def.bands.find((x) => x.score === s.id && x.code === b.code);
        const coding: Coding = { system: urls.bandSystem(def.code, s.id), code: toCode(b.code), ...(band && { display: fhirString(band.label.th) }) };
        parts.push({
          url: 'band',
          extension: [
            { url: 'code', valueCoding: coding },
            { url: 'severity', valueCode: toCode(b.severity) },
          ],
        });
      }
      extension.push({ url: urls.scoreExtension, extension: parts });
    }
  }
  if (response.replaces) extension.push({ url: urls.replacesExtension, valueReference: { reference: `QuestionnaireResponse/${response.replaces}` } });

  const ref = (r: { reference: string; display?: string }): Reference => ({ reference: r.reference, ...(r.display && { display: fhirString(r.display) }) });
  return {
    resourceType: 'QuestionnaireResponse',
    id: response.id,
    ...(extension.length > 0 && { extension }),
    language: 'th',
    questionnaire: `${urls.questionnaire(def.code)}|${def.version}`,
    status: response.status,
    subject: ref(response.subject),
    authored: response.authored,
    ...(response.author && { author: ref(response.author) as QuestionnaireResponse['author'] }),
    ...(item.length > 0 && { item }),
  };
}
