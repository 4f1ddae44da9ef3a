import { ConfigError } from "@observatory/arena-core";
import { z } from "zod";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (field: string) =>
  z
    .string()
    .regex(DAY, `${field}: a UTC date such as 2026-09-01`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), `${field}: not a calendar date`);

/** What a standing collection asks for: the collect flags. */
export const scheduleQuerySchema = z
  .object({
    terms: z.array(z.string().min(1)).optional(),
    termGroups: z.array(z.array(z.string().min(1)).min(1)).optional(),
    exclude: z.array(z.string().min(1)).optional(),
    actors: z.array(z.string().min(1)).optional(),
    regions: z.array(z.string().min(1)).optional(),
    languages: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .refine(
    (q) => (q.terms?.length ?? 0) + (q.termGroups?.length ?? 0) + (q.actors?.length ?? 0) > 0,
    "give at least one term, term group or actor (--term, --group, --actor)",
  )
  .refine(
    (q) => !(q.actors?.length && (q.terms?.length || q.termGroups?.length)),
    "a schedule collects by terms or by actors, not both: add two schedules",
  );
export type ScheduleQuery = z.infer<typeof scheduleQuerySchema>;

/** `schedule add`'s input, validated: a bad field is a ConfigError naming it. */
export const scheduleInputSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "name: letters, digits, '.', '_' and '-' (at most 63)"),
    platform: z.literal("tiktok").default("tiktok"),
    query: scheduleQuerySchema,
    since: day("since"),
    until: day("until").nullable().default(null),
    /** Days before yesterday re-queried every day, for videos the API ingests late. */
    liveTailDays: z.number().int().min(0).max(30).default(10),
    /** 1 (first) … 10 (last) among collections; refresh and compliance always come first. */
    priority: z.number().int().min(1).max(10).default(5),
    /** Requests this schedule's collections may spend a day (null: no cap of its own). */
    dailyBudget: z.number().int().positive().nullable().default(null),
  })
  .strict()
  .refine((s) => s.until === null || s.until > s.since, {
    message: "until: must be after since",
    path: ["until"],
  });
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

/** A standing collection as stored. */
export interface Schedule extends z.infer<typeof scheduleInputSchema> {
  paused: boolean;
  /** ISO-8601 UTC. */
  createdAt: string;
}

export function parseSchedule(input: unknown): z.infer<typeof scheduleInputSchema> {
  const result = scheduleInputSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join(".");
  throw new ConfigError(`Invalid schedule${path ? ` (${path})` : ""}: ${issue?.message ?? "invalid"}`, {
    ...(path ? { field: path } : {}),
  });
}
