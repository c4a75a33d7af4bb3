import { config } from 'zod';

/**
 * zod compiles object parsers with `new Function` unless told not to, and its first object schema
 * probes whether it may: under CareHub's Content-Security-Policy (`script-src 'self'`, no
 * 'unsafe-eval') the probe is refused and reported as a violation on every page. Parsing without
 * compiled parsers is as correct and fast enough for forms and API answers.
 *
 * Must run before any schema is made: main.tsx imports it first, and vite.config.ts puts it in the
 * `zod` chunk after zod itself, so every chunk that makes schemas (they import that chunk) runs after it.
 */
config({ jitless: true });
