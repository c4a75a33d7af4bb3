import type { Condition, InstrumentDefinition, Item, SimpleCondition } from './schema.js';

export type Answer = string | number | boolean | Array<string | number> | null;
export type Answers = Record<string, Answer>;

export interface ScoredResponse {
  scores: Record<string, number>;
  bands: Array<{ score: string; code: string; severity: string }>;
  /** The alerts that hold, each with the team (roles) its task goes to. */
  alerts: Array<{ severity: 'warning' | 'urgent'; action: 'notify' | 'propose_referral'; message: { th: string; en: string }; team: string[] }>;
  next: string[];
  /** Items shown (skip logic applied) but not answered although required. An answer that does not fit its item counts as not given. */
  missing: string[];
  /** The coded needs (`Item.needs`) the answers of shown items create, each once, in item order. */
  needs: string[];
  /** For each classification whose rules matched, the class its first matching rule names. */
  classes: Array<{ classification: string; code: string; severity: string }>;
  /**
   * Scores with a shown item left unanswered. Such an item counts its lowest possible score, so an
   * incomplete score is a lower bound that stays within the score's declared range.
   */
  incomplete: string[];
}

/** Whether `answer` is a valid answer to `item` (a wrong type, unknown option or out-of-range number is not). */
export function isAnswered(item: Item, answer: Answer | undefined): boolean {
  if (answer === null || answer === undefined) return false;
  const options = () => new Set(item.options?.map((o) => o.value));
  switch (item.type) {
    case 'yesno':
      return typeof answer === 'boolean';
    case 'single':
      return (typeof answer === 'string' || typeof answer === 'number') && options().has(answer);
    case 'multiple': {
      const allowed = options();
      return Array.isArray(answer) && answer.every((v) => allowed.has(v));
    }
    case 'number':
      return (
        typeof answer === 'number' &&
        Number.isFinite(answer) &&
        answer >= (item.min ?? Number.NEGATIVE_INFINITY) &&
        answer <= (item.max ?? Number.POSITIVE_INFINITY)
      );
    default:
      return typeof answer === 'string' && answer.trim() !== '';
  }
}

/** The lowest and highest score an item can contribute when answered. */
export function itemScoreRange(item: Item): [number, number] {
  const optionScores = item.options?.map((o) => o.score ?? 0) ?? [0];
  switch (item.type) {
    case 'yesno': {
      const yes = item.yesScore ?? 1;
      return [Math.min(0, yes), Math.max(0, yes)];
    }
    case 'single':
      return [Math.min(...optionScores), Math.max(...optionScores)];
    case 'multiple':
      return [optionScores.reduce((a, s) => a + Math.min(0, s), 0), optionScores.reduce((a, s) => a + Math.max(0, s), 0)];
    case 'number':
      return [item.min ?? 0, item.max ?? 0];
    default:
      return [0, 0];
  }
}

/** The score of a valid answer. */
function itemScore(item: Item, answer: Answer): number {
  if (item.type === 'yesno') return answer === true ? (item.yesScore ?? 1) : 0;
  if (item.type === 'number') return answer as number;
  if (item.type !== 'single' && item.type !== 'multiple') return 0;
  const values = new Set(Array.isArray(answer) ? answer : [answer as string | number]);
  return item.options!.reduce((sum, o) => (values.has(o.value) ? sum + (o.score ?? 0) : sum), 0);
}

/**
 * Whether a condition holds. An incomplete score is a lower bound of the final one, so `gte` may hold
 * on it but `lte` may not: "ADL ≤ 11" is not concluded while ADL items are still unanswered.
 */
function holdsSimple(c: SimpleCondition, answers: Answers, scores: Record<string, number>, incomplete: ReadonlySet<string>): boolean {
  if ('anyOf' in c) return c.anyOf.some((x) => answers[x.item] === x.equals);
  if ('equals' in c) return answers[c.item] === c.equals;
  if ('in' in c) return c.in.includes(answers[c.item] as string | number);
  if ('gte' in c) return (scores[c.score] ?? Number.NEGATIVE_INFINITY) >= c.gte;
  return !incomplete.has(c.score) && (scores[c.score] ?? Number.POSITIVE_INFINITY) <= c.lte;
}

function holds(c: Condition, answers: Answers, scores: Record<string, number> = {}, incomplete: ReadonlySet<string> = new Set()): boolean {
  return 'allOf' in c ? c.allOf.every((p) => holdsSimple(p, answers, scores, incomplete)) : holdsSimple(c, answers, scores, incomplete);
}

/** Whether an item is asked, given the answers so far (skip logic). */
export function isShown(item: Item, answers: Answers): boolean {
  return !item.showIf || holds(item.showIf, answers);
}

/** The answer keys (as in `Item.needs`) a valid answer gives: "true"/"false", an option value, or each selected value in option order. */
function needKeys(item: Item, answer: Answer): string[] {
  if (item.type === 'multiple') {
    const selected = new Set(answer as Array<string | number>);
    return item.options!.filter((o) => selected.has(o.value)).map((o) => String(o.value));
  }
  return [String(answer)];
}

/**
 * Scores a response exactly as its definition says: hidden items count nothing, an unanswered shown
 * item counts its lowest score (and marks its scores incomplete), scores are sums or weighted sums,
 * bands name each score, and alerts, next instruments, classifications and coded needs follow from
 * the answers of shown items.
 */
export function scoreResponse(def: InstrumentDefinition, answers: Answers): ScoredResponse {
  const byId = new Map(def.items.map((i) => [i.id, i]));
  const shownIds = new Set(def.items.filter((i) => isShown(i, answers)).map((i) => i.id));
  const valid = (id: string) => isAnswered(byId.get(id)!, answers[id]);
  // Conditions read only what was asked: an answer left behind on a hidden item counts for nothing.
  const visible: Answers = Object.fromEntries(def.items.filter((i) => shownIds.has(i.id) && valid(i.id)).map((i) => [i.id, answers[i.id]!]));

  const scores: Record<string, number> = {};
  const incomplete: string[] = [];
  for (const s of def.scores) {
    let total = 0;
    let complete = true;
    for (const id of s.items) {
      const item = byId.get(id);
      if (!item || !shownIds.has(id)) continue;
      const weight = s.method === 'weighted_sum' ? (s.weights?.[id] ?? 1) : 1;
      if (valid(id)) total += itemScore(item, answers[id]!) * weight;
      else {
        complete = false;
        const [lo, hi] = itemScoreRange(item);
        total += weight >= 0 ? lo * weight : hi * weight;
      }
    }
    scores[s.id] = total;
    if (!complete) incomplete.push(s.id);
  }
  const bands = def.bands
    .filter((b) => scores[b.score] !== undefined && scores[b.score]! >= b.min && scores[b.score]! <= b.max)
    .map((b) => ({ score: b.score, code: b.code, severity: b.severity }));
  const partial = new Set(incomplete);
  const alerts = def.alerts
    .filter((a) => holds(a.when, visible, scores, partial))
    .map((a) => ({ severity: a.severity, action: a.action, message: a.message, team: a.team }));
  const next = [...new Set(def.next.filter((n) => holds(n.when, visible, scores, partial)).map((n) => n.instrument))];
  const classes = def.classifications.flatMap((c) => {
    const rule = c.rules.find((r) => holds(r.when, visible, scores, partial));
    return rule ? [{ classification: c.id, code: rule.code, severity: rule.severity }] : [];
  });
  const needs = new Set<string>();
  for (const item of def.items) {
    if (!item.needs || !(item.id in visible)) continue;
    for (const key of needKeys(item, visible[item.id]!)) {
      const need = item.needs[key];
      if (need) needs.add(need);
    }
  }
  const missing = def.items.filter((i) => i.required && shownIds.has(i.id) && !valid(i.id)).map((i) => i.id);
  return { scores, bands, alerts, next, missing, needs: [...needs], classes, incomplete };
}
