/**
 * The instrument definition format: an assessment tool is data, not code. A definition lists its
 * items, how they score, the bands that name a score, the alerts a band or an answer raises, and
 * which instrument to open next. Admins may add tools without a release; this schema validates them.
 */
import { z } from 'zod';
import { ROLES } from '../roles.js';

export const Text = z.object({ th: z.string().min(1), en: z.string().min(1) });

const ItemEquals = z.object({ item: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) });

/** A single test on an earlier answer or a computed score. */
export const SimpleCondition = z.union([
  ItemEquals,
  z.object({ item: z.string(), in: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.object({ score: z.string(), gte: z.number() }),
  z.object({ score: z.string(), lte: z.number() }),
  z.object({ anyOf: z.array(ItemEquals).min(1) }),
]);
export type SimpleCondition = z.infer<typeof SimpleCondition>;

/**
 * A condition on earlier answers or computed scores: one test, or `allOf` — every one of several
 * tests (a classification such as the long-term-care group combines several conditions).
 */
export const Condition = z.union([...SimpleCondition.options, z.object({ allOf: z.array(SimpleCondition).min(1) })]);
export type Condition = z.infer<typeof Condition>;

export const Option = z.object({ value: z.union([z.string(), z.number()]), label: Text, score: z.number().optional() });

export const Item = z.object({
  id: z.string().regex(/^[a-z0-9_.]+$/),
  type: z.enum(['single', 'multiple', 'yesno', 'number', 'text', 'date', 'photo']),
  label: Text,
  help: Text.optional(),
  options: z.array(Option).optional(),
  /** yesno: the score of "yes" (no scores 0). */
  yesScore: z.number().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  required: z.boolean().default(true),
  showIf: Condition.optional(),
  /**
   * The coded needs an answer creates (social needs, home-visit checklists): answer value → need code
   * such as `housing.unsafe`. Keys are an option's value as text, or "true"/"false" for yesno; for
   * multiple choice each selected value may create one.
   */
  needs: z.record(z.string(), z.string()).optional(),
  /**
   * A self-harm or suicide question: a positive answer (yes, or an option that scores above 0) must
   * always raise an urgent alert, whatever the totals. The schema refuses a definition in which no
   * urgent alert reads such an item, and a property test checks every answer set of every version.
   */
  selfHarm: z.boolean().optional(),
  /** The time frame the question asks about, shown with it (e.g. "in the past 2 weeks, including today"). */
  timeFrame: Text.optional(),
});
export type Item = z.infer<typeof Item>;

export const Score = z.object({
  id: z.string(),
  label: Text,
  method: z.enum(['sum', 'weighted_sum']),
  items: z.array(z.string()).min(1),
  weights: z.record(z.string(), z.number()).optional(),
  min: z.number(),
  max: z.number(),
});

const Severity = z.enum(['none', 'low', 'moderate', 'high', 'urgent']);

export const Band = z.object({
  score: z.string(),
  min: z.number(),
  max: z.number(),
  code: z.string(),
  label: Text,
  severity: Severity.default('none'),
});

/**
 * A classification that no single score expresses, e.g. the long-term-care dependency group: its
 * rules are tried in order and the first whose condition holds names the class (or none holds).
 */
export const Classification = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  label: Text,
  rules: z.array(z.object({ when: Condition, code: z.string(), label: Text, severity: Severity.default('none') })).min(1),
});

export const Alert = z.object({
  when: Condition,
  severity: z.enum(['warning', 'urgent']),
  message: Text,
  /** What the team should do, e.g. propose an urgent referral. */
  action: z.enum(['notify', 'propose_referral']).default('notify'),
  /** The roles whose members in the person's area receive the task the alert creates. */
  team: z.array(z.enum(ROLES)).min(1).default(['social_worker', 'health_professional']),
});

export const InstrumentDefinition = z
  .object({
    code: z.string().regex(/^[a-z0-9_]+$/),
    version: z.number().int().min(1),
    title: Text,
    description: Text.optional(),
    source: z.object({ citation: z.string(), verified: z.boolean(), note: z.string().optional() }),
    items: z.array(Item).min(1),
    scores: z.array(Score).default([]),
    bands: z.array(Band).default([]),
    alerts: z.array(Alert).default([]),
    next: z.array(z.object({ when: Condition, instrument: z.string() })).default([]),
    classifications: z.array(Classification).default([]),
    /** Registry fields a signed response updates: adlGroup names the score whose band code (social, homebound, bedridden) becomes the person's ADL group. */
    feeds: z.object({ adlGroup: z.string().optional() }).default({}),
  })
  .superRefine((d, ctx) => {
    const ids = new Set(d.items.map((i) => i.id));
    if (ids.size !== d.items.length) ctx.addIssue({ code: 'custom', path: ['items'], message: 'instrument.duplicate_item' });
    for (const [i, s] of d.scores.entries()) {
      for (const item of s.items)
        if (!ids.has(item)) ctx.addIssue({ code: 'custom', path: ['scores', i, 'items'], message: `instrument.unknown_item:${item}` });
    }
    const scoreIds = new Set(d.scores.map((s) => s.id));
    for (const [i, b] of d.bands.entries())
      if (!scoreIds.has(b.score)) ctx.addIssue({ code: 'custom', path: ['bands', i, 'score'], message: 'instrument.unknown_score' });
    for (const [i, item] of d.items.entries()) {
      if ((item.type === 'single' || item.type === 'multiple') && !item.options?.length)
        ctx.addIssue({ code: 'custom', path: ['items', i, 'options'], message: 'instrument.options_required' });
      const answers = needAnswers(item);
      for (const [answer, need] of Object.entries(item.needs ?? {})) {
        if (!answers?.has(answer)) ctx.addIssue({ code: 'custom', path: ['items', i, 'needs', answer], message: 'instrument.need_unknown_answer' });
        if (!NEED_CODE.test(need)) ctx.addIssue({ code: 'custom', path: ['items', i, 'needs', answer], message: 'instrument.need_code' });
      }
    }
    const urgentReads = new Set(d.alerts.filter((a) => a.severity === 'urgent').flatMap((a) => conditionItems(a.when)));
    for (const [i, item] of d.items.entries())
      if (item.selfHarm && !urgentReads.has(item.id))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'selfHarm'], message: 'instrument.self_harm_without_urgent_alert' });
    if (scoreIds.size !== d.scores.length) ctx.addIssue({ code: 'custom', path: ['scores'], message: 'instrument.duplicate_score' });
    if (new Set(d.classifications.map((c) => c.id)).size !== d.classifications.length)
      ctx.addIssue({ code: 'custom', path: ['classifications'], message: 'instrument.duplicate_classification' });
    for (const [i, c] of d.classifications.entries())
      for (const [j, r] of c.rules.entries()) {
        for (const item of conditionItems(r.when))
          if (!ids.has(item)) ctx.addIssue({ code: 'custom', path: ['classifications', i, 'rules', j, 'when'], message: `instrument.unknown_item:${item}` });
        for (const score of conditionScores(r.when))
          if (!scoreIds.has(score)) ctx.addIssue({ code: 'custom', path: ['classifications', i, 'rules', j, 'when'], message: 'instrument.unknown_score' });
      }
  });
export type InstrumentDefinition = z.output<typeof InstrumentDefinition>;

/** A need code: dotted lower-case segments, e.g. `income.no_income`, `device.wheelchair`. */
export const NEED_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/** The answers (as `Item.needs` keys) an item can be given, or undefined when it has no fixed set. */
function needAnswers(item: Item): Set<string> | undefined {
  if (item.type === 'yesno') return new Set(['true', 'false']);
  if (item.type === 'single' || item.type === 'multiple') return new Set(item.options?.map((o) => String(o.value)));
  return undefined;
}

function simpleParts(c: Condition): SimpleCondition[] {
  return 'allOf' in c ? c.allOf : [c];
}

/** The items a condition reads. */
export function conditionItems(c: Condition): string[] {
  return simpleParts(c).flatMap((p) => ('anyOf' in p ? p.anyOf.map((x) => x.item) : 'item' in p ? [p.item] : []));
}

/** The scores a condition reads. */
export function conditionScores(c: Condition): string[] {
  return simpleParts(c).flatMap((p) => ('score' in p ? [p.score] : []));
}
export type InstrumentInput = z.input<typeof InstrumentDefinition>;
