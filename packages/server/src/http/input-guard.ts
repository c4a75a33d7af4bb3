import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * C0 control characters other than tab, line feed and carriage return. PostgreSQL cannot store NUL
 * in text or jsonb at all (a NUL reaching a query was a 500 on twenty fields of seventeen routes,
 * issue 18 item 8), and none of the others belongs in a name, an address, a note or a query: they
 * come from a broken client or someone probing. Tab, LF and CR stay allowed: notes and addresses
 * are free text typed or pasted with line breaks.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export interface ControlCharacterFinding {
  /** Where: the JSON body, the query string or the path. */
  in: 'body' | 'querystring' | 'params';
  /** The field, as a dotted path (`address.text`, `phones.0`); a key that itself holds one is named by its parent. */
  path: string;
  /** The character found, as U+XXXX. */
  character: string;
}

const codePoint = (s: string) => {
  const c = CONTROL.exec(s)![0].charCodeAt(0);
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
};

/**
 * Is this a value JSON or the query-string and path parsers made, not the Buffer or stream of an
 * upload? (The query parser's objects have a prototype of their own, so no prototype test.)
 */
function isWalkable(value: object): boolean {
  return !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

/**
 * The first string (or object key) holding a forbidden control character in `value`, walked without
 * recursion so a deeply nested body cannot exhaust the stack.
 */
export function findControlCharacter(value: unknown, where: ControlCharacterFinding['in']): ControlCharacterFinding | null {
  const stack: Array<[unknown, string[]]> = [[value, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL.test(v)) return { in: where, path: path.join('.'), character: codePoint(v) };
    } else if (v && typeof v === 'object' && isWalkable(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (CONTROL.test(k)) return { in: where, path: path.join('.'), character: codePoint(k) };
        stack.push([child, [...path, k]]);
      }
    }
  }
  return null;
}

/**
 * preValidation hook (after the body is parsed, before any schema or handler sees it): a NUL or other
 * forbidden control character in any JSON body string or key, query-string value or path parameter
 * is a 400 `input.control_character` naming the field, whatever the route. Import files are not JSON
 * (their bytes arrive as a Buffer or stream) and are checked by the import module row by row.
 */
export async function refuseControlCharacters(req: FastifyRequest): Promise<void> {
  const found = findControlCharacter(req.params, 'params') ?? findControlCharacter(req.query, 'querystring') ?? findControlCharacter(req.body, 'body');
  if (!found) return;
  const field = found.path || '(body)';
  throw new AppError(400, 'input.control_character', {
    in: found.in,
    character: found.character,
    fields: [
      {
        path: found.path,
        message_th: `ช่อง "${field}" มีอักขระควบคุม (${found.character}) ที่บันทึกไม่ได้ กรุณาลบออกแล้วส่งใหม่`,
        message_en: `The field "${field}" holds a control character (${found.character}) that cannot be stored; remove it and send again`,
      },
    ],
  });
}
