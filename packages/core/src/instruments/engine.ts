import type { Condition, InstrumentDefinition, Item } from './schema.js';

export type Answer = string | number | boolean | Array<string | number> | null;
export type Answers = Record<string, Answer>;

export interface ScoredResponse {
  scores: Record<string, number>;
  bands: Array<{ score: string; code: string; severity: string }>;
  alerts: Array<{ severity: 'warning' | 'urgent'; action: 'notify' | 'propose_referral'; message: { th: string; en: string } }>;
  next: string[];
  /** Items shown (skip logic applied) but not answered although required. */
  missing: string[];
}

function itemScore(item: Item, answer: Answer): number {
  if (answer === null || answer === undefined) return 0;
  if (item.type === 'yesno') return answer === true ? (item.yesScore ?? 1) : 0;
  if (item.type === 'number') return typeof answer === 'number' ? answer : 0;
  const values = Array.isArray(answer) ? answer : [answer];
  return values.reduce<number>((sum, v) => sum + (item.options?.find((o) => o.value === v)?.score ?? 0), 0);
}

function holds(c: Condition, answers: Answers, scores: Record<string, number>): boolean {
  if ('anyOf' in c) return c.anyOf.some((x) => answers[x.item] === x.equals);
  if ('equals' in c) return answers[c.item] === c.equals;
  if ('in' in c) return c.in.includes(answers[c.item] as string | number);
  if ('gte' in c) return (scores[c.score] ?? Number.NEGATIVE_INFINITY) >= c.gte;
  return (scores[c.score] ?? Number.POSITIVE_INFINITY) <= c.lte;
}

/** Whether an item is asked, given the answers so far (skip logic). */
export function isShown(item: Item, answers: Answers): boolean {
  return !item.showIf || holds(item.showIf, answers, {});
}

/**
 * Scores a response exactly as its definition says: hidden items count nothing, scores are sums or
 * weighted sums, each score falls in one band, alerts and next instruments follow from conditions.
 */
export function scoreResponse(def: InstrumentDefinition, answers: Answers): ScoredResponse {
  const byId = new Map(def.items.map((i) => [i.id, i]));
  const shown = (id: string) => {
    const item = byId.get(id);
    return !!item && isShown(item, answers);
  };
  const scores: Record<string, number> = {};
  for (const s of def.scores) {
    scores[s.id] = s.items.reduce(
      (sum, id) => (shown(id) ? sum + itemScore(byId.get(id)!, answers[id] ?? null) * (s.method === 'weighted_sum' ? (s.weights?.[id] ?? 1) : 1) : sum),
      0,
    );
  }
  const bands = def.bands
    .filter((b) => scores[b.score] !== undefined && scores[b.score]! >= b.min && scores[b.score]! <= b.max)
    .map((b) => ({ score: b.score, code: b.code, severity: b.severity }));
  const alerts = def.alerts.filter((a) => holds(a.when, answers, scores)).map((a) => ({ severity: a.severity, action: a.action, message: a.message }));
  const next = def.next.filter((n) => holds(n.when, answers, scores)).map((n) => n.instrument);
  const missing = def.items.filter((i) => i.required && isShown(i, answers) && (answers[i.id] === undefined || answers[i.id] === null)).map((i) => i.id);
  return { scores, bands, alerts, next, missing };
}
