import { type Answers, type InstrumentDefinition, scoreResponse } from '@carehub/core';

/** An assessment filled during a home visit, signed with the visit. */
export interface InVisitAssessment {
  id: string;
  definition: InstrumentDefinition;
  answers: Answers;
}

export const inVisit = (definition: InstrumentDefinition): InVisitAssessment => ({ id: crypto.randomUUID(), definition, answers: {} });

/**
 * Records an answer to an in-visit assessment. A self-harm or suicide answer goes straight on: the
 * instrument an urgent alert opens (8Q) joins the visit at once, so the volunteer is taken to it.
 */
export function answerInVisit(
  list: InVisitAssessment[],
  id: string,
  answers: Answers,
  definitionOf: (code: string) => InstrumentDefinition | undefined,
): InVisitAssessment[] {
  const updated = list.map((x) => (x.id === id ? { ...x, answers } : x));
  const changed = updated.find((x) => x.id === id)!;
  const result = scoreResponse(changed.definition, answers);
  if (!result.alerts.some((a) => a.severity === 'urgent')) return updated;
  const opened = result.next.filter((code) => !updated.some((x) => x.definition.code === code));
  return [...updated, ...opened.flatMap((code) => definitionOf(code) ?? []).map(inVisit)];
}
