import type { Assessment, AssessmentInput, InstrumentDefinition, PublishedInstrument, Task } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get, post, put } from '../../api';

export type { Assessment, PublishedInstrument, Task };

export const instrumentsQuery = queryOptions({
  queryKey: ['instruments'],
  queryFn: ({ signal }) => get<PublishedInstrument[]>('/api/instruments', undefined, signal),
  staleTime: 5 * 60_000,
});

/** The exact version a response was made with (an old response renders as it was asked). */
export const instrumentVersionQuery = (code: string, version: number) =>
  queryOptions({
    queryKey: ['instruments', code, version],
    queryFn: ({ signal }) => get<InstrumentDefinition>(`/api/instruments/${encodeURIComponent(code)}/versions/${version}`, undefined, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const personAssessmentsQuery = (personId: string) =>
  queryOptions({
    queryKey: ['assessments', personId],
    queryFn: ({ signal }) => get<Assessment[]>(`/api/persons/${personId}/assessments`, undefined, signal),
  });

export const tasksQuery = (status: 'open' | 'done' | 'dismissed' | 'all' = 'open', personId?: string) =>
  queryOptions({
    queryKey: ['tasks', status, personId ?? null],
    queryFn: ({ signal }) => get<Task[]>('/api/tasks', { status, personId }, signal),
  });

export const createAssessment = (personId: string, body: AssessmentInput) => post<Assessment>(`/api/persons/${personId}/assessments`, body);
export const updateAssessment = (id: string, body: { answers: AssessmentInput['answers']; sign: boolean }) => put<Assessment>(`/api/assessments/${id}`, body);
