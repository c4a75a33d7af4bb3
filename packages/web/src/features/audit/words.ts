const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DetailWords {
  /** i18n key for a detail's name (audit.details.<key>), or the raw key when there is none. */
  label: (key: string) => string;
  yes: string;
  no: string;
  /** "3 รายการ" for a list of record ids. */
  items: (n: number) => string;
}

function valueInWords(v: unknown, w: DetailWords): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'string') return UUID.test(v) ? `${v.slice(0, 8)}…` : v;
  if (typeof v === 'number') return v.toLocaleString('th-TH');
  if (Array.isArray(v)) {
    if (v.length > 0 && v.every((x) => typeof x === 'string' && UUID.test(x))) return w.items(v.length);
    return v.map((x) => valueInWords(x, w)).join(', ');
  }
  if (typeof v === 'object') return detailsInWords(v, w).join('; ');
  return String(v);
}

/**
 * An audit event's details as "name: value" phrases: record ids shortened or counted, yes/no in
 * words, nothing shown as raw JSON. The details never hold personal values (see the server's audit()).
 */
export function detailsInWords(details: unknown, w: DetailWords): string[] {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return [];
  return Object.entries(details as Record<string, unknown>).map(([k, v]) => `${w.label(k)}: ${valueInWords(v, w)}`);
}
