/**
 * The instrument definition format: an assessment tool is data, not code. A definition lists its
 * items, how they score, the bands that name a score, the alerts a band or an answer raises, and
 * which instrument to open next. Admins may add tools without a release; this schema validates them.
 */
import { z } from 'zod';

export const Text = z.object({ th: z.string().min(1), en: z.string().min(1) });

/** A condition on earlier answers or computed scores. */
export const Condition = z.union([
  z.object({ item: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ item: z.string(), in: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.object({ score: z.string(), gte: z.number() }),
  z.object({ score: z.string(), lte: z.number() }),
  z.object({ anyOf: z.array(z.object({ item: z.string(), equals: z.union([z.string(), z.number(), z.boolean()]) })).min(1) }),
]);
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
  /** A coded need created when this answer is given (social needs assessment). */
  needs: z.record(z.string(), z.string()).optional(),
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

export const Band = z.object({
  score: z.string(),
  min: z.number(),
  max: z.number(),
  code: z.string(),
  label: Text,
  severity: z.enum(['none', 'low', 'moderate', 'high', 'urgent']).default('none'),
});

export const Alert = z.object({
  when: Condition,
  severity: z.enum(['warning', 'urgent']),
  message: Text,
  /** What the team should do, e.g. propose an urgent referral. */
  action: z.enum(['notify', 'propose_referral']).default('notify'),
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
    }
  });
export type InstrumentDefinition = z.output<typeof InstrumentDefinition>;
export type InstrumentInput = z.input<typeof InstrumentDefinition>;
