import { queryOptions } from '@tanstack/react-query';
import { get } from '../../api';

export interface Territories {
  areaCode: string;
  villages: Array<{ villageNo: number; persons: number; unassigned: number; volunteers: Array<{ territoryId: string; userId: string; name: string }> }>;
  volunteers: Array<{ id: string; name: string; role: string; active: boolean; persons: number; villages: number[] }>;
}

export type BulkOperation =
  | { kind: 'assign_village'; areaCode: string; villageNo: number; userId: string; takeOver: boolean }
  | { kind: 'assign_territories'; areaCode: string }
  | { kind: 'transfer'; areaCode: string; fromUserId: string; toUserId: string | null; villageNo?: number };

export interface BulkPreview {
  assign: number;
  end: number;
  already: number;
  kept: number;
  leftWithout: number;
  leftWithoutNames: Array<{ id: string; name: string; villageNo: number | null }>;
  fingerprint: string;
}

export interface BulkResult {
  operationId: string;
  assigned: number;
  ended: number;
  already: number;
  kept: number;
  leftWithout: number;
}

export interface Operation {
  id: string;
  kind: 'assign_village' | 'assign_territories' | 'transfer' | 'undo';
  params: Record<string, unknown>;
  counts: Record<string, number>;
  doneBy: string;
  doneAt: string;
  undoOf: string | null;
  undoneBy: string | null;
}

export const territoriesQuery = (area: string) =>
  queryOptions({ queryKey: ['caseload', 'territories', area], queryFn: ({ signal }) => get<Territories>('/api/caseload/territories', { area }, signal) });

export const operationsQuery = (area: string) =>
  queryOptions({ queryKey: ['caseload', 'operations', area], queryFn: ({ signal }) => get<Operation[]>('/api/caseload/operations', { area }, signal) });

/** The subdistrict a page about one subdistrict works on: the picked area's, if it is one or lies in one. */
export function subdistrictOf(code: string | null, scopes: readonly string[]): string | null {
  if (code && code.length >= 6) return code.slice(0, 6);
  const own = scopes.filter((s) => /^\d{6,8}$/.test(s)).map((s) => s.slice(0, 6));
  return own.length > 0 && own.every((s) => s === own[0]) ? own[0]! : null;
}
