/** A volunteer's stipend month as the supervisor sees it (server: modules/stipends; web: features/stipends). */
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

/** A supervisor's sign-off of a subdistrict's stipend month. */
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
