import type { TaskItem, TaskQueue } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get, post } from '../../api';

export type { TaskItem, TaskQueue };
export type Candidate = { id: string; name: string; role: string; organisation: string };
export type TaskStatus = 'open' | 'done' | 'dismissed';

/** A queue of tasks: mine (held by or escalated to me), the team's (nobody holds them), or all of the team's in my areas. */
export const taskQueueQuery = (queue: TaskQueue, status: TaskStatus) =>
  queryOptions({
    queryKey: ['tasks', 'queue', queue, status],
    queryFn: ({ signal }) => get<TaskItem[]>('/api/tasks', { queue, status }, signal),
    // Claims, referrals and closings change a queue from elsewhere: a queue shown again is fetched again.
    staleTime: 0,
  });

export const taskCandidatesQuery = (taskId: string) =>
  queryOptions({
    queryKey: ['tasks', 'candidates', taskId],
    queryFn: ({ signal }) => get<Candidate[]>(`/api/tasks/${taskId}/candidates`, undefined, signal),
  });

export const claimTask = (taskId: string) => post<TaskItem>(`/api/tasks/${taskId}/claim`);
export const assignTask = (taskId: string, userId: string | null) => post<TaskItem>(`/api/tasks/${taskId}/assign`, { userId });
