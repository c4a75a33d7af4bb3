import { type Answers, isAnswered, type ScoredResponse, scoreResponse } from './engine.js';
import type { InstrumentDefinition } from './schema.js';

/**
 * The safety recall's pure part (DESIGN.md §10): when a new version of an instrument changes its
 * alerts, the persons whose latest response the new rules would alert on must be looked at again.
 */

const RANK = { warning: 1, urgent: 2 } as const;
type Alert = ScoredResponse['alerts'][number];

/** Whether two versions raise alerts differently (and so a recall is owed when the newer one is published). */
export function alertsDiffer(a: InstrumentDefinition, b: InstrumentDefinition): boolean {
  return (
    JSON.stringify(a.alerts) !== JSON.stringify(b.alerts) ||
    JSON.stringify(a.items.map((i) => i.selfHarm ?? false)) !== JSON.stringify(b.items.map((i) => i.selfHarm ?? false))
  );
}

/**
 * Answers given to one version, read as answers to another: an answer the new item accepts is kept;
 * a yes/no answer to a question the new version asks as two options (8Q item 3.1) becomes the option
 * with the same score; anything else is left unanswered and so counts its lowest score.
 */
export function carryAnswers(from: InstrumentDefinition, to: InstrumentDefinition, answers: Answers): Answers {
  const old = new Map(from.items.map((i) => [i.id, i]));
  const out: Answers = {};
  for (const item of to.items) {
    const answer = answers[item.id];
    if (answer === undefined) continue;
    if (isAnswered(item, answer)) out[item.id] = answer;
    else if (typeof answer === 'boolean' && old.get(item.id)?.type === 'yesno' && item.type === 'single') {
      const score = answer ? (old.get(item.id)!.yesScore ?? 1) : 0;
      const option = item.options?.find((o) => (o.score ?? 0) === score);
      if (option) out[item.id] = option.value;
    }
  }
  return out;
}

const highest = (alerts: Alert[]) => Math.max(0, ...alerts.map((a) => RANK[a.severity]));

/**
 * The alerts the new version raises on a response made with the old one that are more severe than
 * anything the old version raised on it (none when the response was already alerted on as much).
 */
export function recallAlerts(from: InstrumentDefinition, to: InstrumentDefinition, answers: Answers): Alert[] {
  const before = highest(scoreResponse(from, answers).alerts);
  return scoreResponse(to, carryAnswers(from, to, answers)).alerts.filter((a) => RANK[a.severity] > before);
}
