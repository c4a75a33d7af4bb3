import type { Signoff, StipendRow } from '@carehub/core';
import { queryOptions } from '@tanstack/react-query';
import { get, withQuery } from '../../api';

export type { Signoff, StipendRow };

export interface StipendMonth {
  areaCode: string;
  month: string;
  amountBaht: number;
  defaultTarget: number;
  signoff: Signoff | null;
  reopened: Signoff[];
  rows: StipendRow[];
  totals: { volunteers: number; eligible: number; totalBaht: number; pending: number };
}

export const stipendQuery = (area: string, month: string) =>
  queryOptions({ queryKey: ['stipends', area, month], queryFn: ({ signal }) => get<StipendMonth>('/api/stipends', { area, month }, signal) });

export const paymentListUrl = (area: string, month: string, format: 'xlsx' | 'pdf') => withQuery('/api/stipends/payment-list', { area, month, format });
