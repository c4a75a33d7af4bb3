/**
 * List exports (issue 8, "every table to XLSX/CSV"): the persons, visits and referrals lists as a
 * whole download. Pure: the server caps and labels the files, the web app warns before and after.
 */

/** The most rows one list export holds; a larger selection is cut here and the file and the page say so. */
export const LIST_EXPORT_MAX_ROWS = 50_000;

/** Response headers of a list export: rows in the file, rows matching, and whether the file was cut. */
export const LIST_EXPORT_HEADERS = { rows: 'x-export-rows', total: 'x-export-total', capped: 'x-export-capped' } as const;
