/** API shapes of instruments, assessments (responses) and the tasks their alerts create. */
import { z } from 'zod';
import { type InstrumentDefinition, Text } from './instruments/schema.js';
import { eventTimeProblem, ThaiGps } from './plausible.js';

/** How an instrument is named in URLs and definitions: lower-case letters, digits and underscores. */
export const InstrumentCode = z
  .string()
  .regex(/^[a-z0-9_]+$/)
  .max(64);

const AnswerValue = z.union([z.string().max(20_000), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()])).max(100), z.null()]);
export const AnswersInput = z.record(z.string().max(64), AnswerValue).refine((a) => Object.keys(a).length <= 300, 'too many answers');

export const InstrumentSummary = z.object({
  code: z.string(),
  version: z.number().int(),
  title: Text,
  verified: z.boolean(),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
});
export type InstrumentSummary = z.infer<typeof InstrumentSummary>;

export const PublishedInstrument = InstrumentSummary.extend({ definition: z.any() });
export type PublishedInstrument = Omit<z.infer<typeof PublishedInstrument>, 'definition'> & { definition: InstrumentDefinition };

export const InstrumentCheck = z.object({
  ok: z.boolean(),
  /** The version a publish would create. */
  nextVersion: z.number().int().nullable(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ASSESSMENT_PLACES = ['home', 'facility', 'phone', 'community'] as const;

export const AssessmentInput = z.object({
  /** Client-generated UUID: a repeated submission (offline outbox) returns the first result. */
  id: z.string().uuid().optional(),
  instrumentCode: InstrumentCode,
  instrumentVersion: z.number().int().min(1),
  answers: AnswersInput,
  sign: z.boolean().default(false),
  /** When it was done: not before 2000, not ahead of the server's clock by more than ten minutes (plausible.ts). */
  performedAt: z
    .string()
    .datetime({ offset: true })
    .superRefine((at, ctx) => {
      const problem = eventTimeProblem(at);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  place: z.enum(ASSESSMENT_PLACES).default('home'),
  /** Where: a point in Thailand (THAILAND_BOUNDS). */
  gps: ThaiGps.nullable().optional(),
  /** A correction: the signed assessment this one replaces. */
  replaces: z.string().uuid().optional(),
  /** When recorded inside a home visit. */
  visitId: z.string().uuid().optional(),
});
export type AssessmentInput = z.input<typeof AssessmentInput>;

export const DraftUpdate = z.object({ answers: AnswersInput, sign: z.boolean().default(false) });

const BandOut = z.object({ score: z.string(), code: z.string(), severity: z.string(), label: Text });
const AlertOut = z.object({ severity: z.enum(['warning', 'urgent']), action: z.enum(['notify', 'propose_referral']), message: Text });

export const Assessment = z.object({
  id: z.string(),
  personId: z.string(),
  instrumentCode: z.string(),
  instrumentVersion: z.number().int(),
  instrumentTitle: Text,
  status: z.enum(['draft', 'signed']),
  answers: z.record(z.string(), z.unknown()),
  scores: z.record(z.string(), z.number()),
  bands: z.array(BandOut),
  alerts: z.array(AlertOut),
  next: z.array(z.string()),
  needs: z.array(z.string()),
  missing: z.array(z.string()),
  place: z.string(),
  gps: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  performedAt: z.string(),
  recordedBy: z.string().nullable(),
  organisation: z.string().nullable(),
  signedAt: z.string().nullable(),
  replaces: z.string().nullable(),
  replacedBy: z.string().nullable(),
  visitId: z.string().nullable(),
});
export type Assessment = z.infer<typeof Assessment>;

export const TASK_STATUSES = ['open', 'done', 'dismissed'] as const;

export const Task = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  areaCode: z.string(),
  kind: z.string(),
  severity: z.enum(['warning', 'urgent']),
  action: z.enum(['notify', 'propose_referral']),
  message: Text,
  sourceId: z.string().nullable(),
  team: z.array(z.string()),
  status: z.enum(TASK_STATUSES),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  note: z.string().nullable(),
  /** For a proposed referral: the organisation proposed to receive it. */
  proposedOrganisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The referral sent for this task, awaiting an answer (the task closes when it is accepted). */
  referralId: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const TaskClose = z.object({ status: z.enum(['done', 'dismissed']), note: z.string().max(2000).optional() });

/** What /api/events pushes: identifiers only, never personal data; the client fetches the rest. */
export const LiveEvent = z.object({
  type: z.string(),
  id: z.string(),
  personId: z.string().optional(),
  areaCode: z.string(),
  /** Organisations told as well, wherever their area (the receiver of a referral). */
  organisationIds: z.array(z.string()).optional(),
});
export type LiveEvent = z.infer<typeof LiveEvent>;
