import { queryOptions } from '@tanstack/react-query';
import { get, withQuery } from '../../api';

export interface StipendRow {
  userId: string;
  name: string;
  villages: number[];
  target: number;
  targetSet: boolean;
  approved: number;
  pending: number;
  returned: number;
  persons: number;
  eligible: boolean;
  amountBaht: number;
}

export interface Signoff {
  id: string;
  fund: string;
  signedBy: string;
  signedAt: string;
  eligible: number;
  totalBaht: number;
  amountBaht: number;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenReason: string | null;
}

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
