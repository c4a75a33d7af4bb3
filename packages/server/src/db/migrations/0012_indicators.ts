import { type Kysely, sql } from 'kysely';

/**
 * Quality-of-life indicators defined as data (issue 8, part 3). A row is one indicator: its
 * definition (core `IndicatorDefinition`: names, unit, direction, and a measure written in the
 * vetted vocabulary of packages/core/src/indicators.ts, never SQL) and its target, which a province
 * or system admin may change. The server compiles a definition to parameterised SQL at read time,
 * so a new indicator is a new row. The shipped starting set is inserted at start when missing
 * (`ensureIndicators`, as instruments are), so a changed target is kept.
 *
 * Definitions hold no personal data: no row-level security; the app role reads them and may change
 * only the target (and who changed it when).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE indicators (
      code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{2,47}$'),
      definition jsonb NOT NULL CHECK (jsonb_typeof(definition) = 'object' AND definition->>'code' = code),
      target numeric,
      position integer NOT NULL DEFAULT 100,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id)
    );
    GRANT SELECT ON indicators TO carehub_app;
    GRANT UPDATE (target, updated_at, updated_by) ON indicators TO carehub_app;
  `.execute(db);
}
