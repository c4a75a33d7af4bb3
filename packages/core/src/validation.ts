import type { FieldIssue } from './errors.js';
import { ERRORS } from './errors.js';

/** The parts of a zod issue we explain to people; works for zod 4 issues from server or client. */
export interface IssueLike {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  input?: unknown;
  format?: string;
  /** A custom refinement may carry its own Thai sentence here (its English one is `message`). */
  params?: { message_th?: string };
}

/** Turns a validation issue into a Thai and English sentence a person can act on. */
export function describeIssue(issue: IssueLike): FieldIssue {
  const path = issue.path.map(String).join('.');
  const known = issue.message && (ERRORS as Record<string, { th: string; en: string }>)[issue.message];
  if (known) return { path, message_th: known.th, message_en: known.en };
  if (issue.code === 'custom' && issue.params?.message_th)
    return { path, message_th: issue.params.message_th, message_en: issue.message ?? issue.params.message_th };
  const isText = issue.origin === 'string';
  const isList = issue.origin === 'array';
  switch (issue.code) {
    case 'invalid_type':
      return ('input' in issue ? issue.input === undefined : /received undefined/.test(issue.message ?? ''))
        ? { path, message_th: 'จำเป็นต้องกรอก', message_en: 'Required' }
        : { path, message_th: `ชนิดข้อมูลไม่ถูกต้อง (ต้องเป็น ${issue.expected})`, message_en: `Wrong type (expected ${issue.expected})` };
    case 'too_small':
      if (isText && Number(issue.minimum) === 1) return { path, message_th: 'จำเป็นต้องกรอก', message_en: 'Required' };
      if (isText) return { path, message_th: `ต้องมีอย่างน้อย ${issue.minimum} ตัวอักษร`, message_en: `At least ${issue.minimum} characters` };
      if (isList) return { path, message_th: `ต้องเลือกอย่างน้อย ${issue.minimum} รายการ`, message_en: `Choose at least ${issue.minimum}` };
      return { path, message_th: `ต้องไม่น้อยกว่า ${issue.minimum}`, message_en: `Must be at least ${issue.minimum}` };
    case 'too_big':
      if (isText) return { path, message_th: `ยาวได้ไม่เกิน ${issue.maximum} ตัวอักษร`, message_en: `At most ${issue.maximum} characters` };
      if (isList) return { path, message_th: `เลือกได้ไม่เกิน ${issue.maximum} รายการ`, message_en: `Choose at most ${issue.maximum}` };
      return { path, message_th: `ต้องไม่เกิน ${issue.maximum}`, message_en: `Must be at most ${issue.maximum}` };
    case 'invalid_value':
      return { path, message_th: 'ค่าที่เลือกไม่อยู่ในรายการที่อนุญาต', message_en: 'Not one of the allowed values' };
    case 'invalid_format':
      return issue.message === 'username' || issue.format === 'regex'
        ? {
            path,
            message_th: 'ใช้ได้เฉพาะ a-z 0-9 . _ - ยาว 3–64 ตัวอักษร',
            message_en: 'Use only a-z 0-9 . _ - (3–64 characters)',
          }
        : { path, message_th: 'รูปแบบไม่ถูกต้อง', message_en: `Invalid ${issue.format ?? 'format'}` };
    case 'unrecognized_keys':
      return { path, message_th: 'มีช่องข้อมูลที่ระบบไม่รู้จัก', message_en: 'Unknown fields' };
    default:
      return { path, message_th: 'ข้อมูลไม่ถูกต้อง', message_en: issue.message ?? 'Invalid value' };
  }
}
