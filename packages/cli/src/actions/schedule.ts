import { ConfigError } from "@observatory/arena-core";
import { parseSchedule, type Schedule } from "@observatory/scheduler";
import { EXIT } from "../exit-codes.js";
import { writeAll } from "../output/stdout-output.js";
import type { ActionContext } from "../program/build-program.js";
import { UsageError } from "../usage-error.js";
import { openSchedulerStore } from "./scheduler-store.js";

export interface ScheduleAddFlags {
  db?: string;
  term?: string[];
  group?: string[];
  exclude?: string[];
  actor?: string[];
  region?: string[];
  language?: string[];
  since: string;
  until?: string;
  liveTailDays?: number;
  priority?: number;
  dailyBudget?: number;
  json?: boolean;
}

const describe = (s: Schedule) => {
  const q = s.query;
  const what = [
    ...(q.terms ?? []),
    ...(q.termGroups ?? []).map((g) => g.join("+")),
    ...(q.actors ?? []).map((a) => `@${a.replace(/^@/, "")}`),
  ].join(", ");
  return `${s.name.padEnd(16)} ${s.paused ? "paused " : "active "} ${s.since} → ${s.until ?? "open"}  tail ${s.liveTailDays} d  priority ${s.priority}  budget ${s.dailyBudget ?? "-"}  ${what}`;
};

const FLAG_OF: Record<string, string> = {
  name: "NAME",
  since: "--since",
  until: "--until",
  liveTailDays: "--live-tail-days",
  priority: "--priority",
  dailyBudget: "--daily-budget",
};

/** A schedule's validation error as a usage error naming the flag (exit 2). */
function toFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigError) {
      const field = error.field ?? "";
      const flag = FLAG_OF[field] ?? (field.startsWith("query") ? "--term" : "--since");
      throw new UsageError(`${flag}: ${error.message.replace(/^Invalid schedule \([^)]*\): /, "")}`, flag);
    }
    throw error;
  }
}

/** `observatory schedule add NAME …`: a standing collection, stored in the database. */
export async function scheduleAddAction(
  ctx: ActionContext,
  flags: ScheduleAddFlags,
  args: string[],
): Promise<number> {
  const groups = (flags.group ?? []).map((g) =>
    g
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  );
  const schedule = toFlags(() =>
    parseSchedule({
      name: args[0],
      query: {
        ...(flags.term?.length ? { terms: flags.term } : {}),
        ...(groups.length ? { termGroups: groups } : {}),
        ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
        ...(flags.actor?.length ? { actors: flags.actor.map((a) => a.replace(/^@/, "")) } : {}),
        ...(flags.region?.length ? { regions: flags.region } : {}),
        ...(flags.language?.length ? { languages: flags.language } : {}),
      },
      since: flags.since.slice(0, 10),
      until: flags.until ? flags.until.slice(0, 10) : null,
      ...(flags.liveTailDays !== undefined ? { liveTailDays: flags.liveTailDays } : {}),
      ...(flags.priority !== undefined ? { priority: flags.priority } : {}),
      ...(flags.dailyBudget !== undefined ? { dailyBudget: flags.dailyBudget } : {}),
    }),
  );
  const store = await openSchedulerStore(ctx.io, flags);
  try {
    const result = await store.addSchedule({
      ...schedule,
      paused: false,
      createdAt: new Date().toISOString(),
    });
    if (result === "exists") {
      throw new UsageError(
        `schedule "${schedule.name}" exists: remove it first or pick another name`,
        "NAME",
      );
    }
    await writeAll(
      ctx.io.stdout,
      `added ${describe({ ...schedule, paused: false, createdAt: "" })}\n` +
        `backfill from ${schedule.since}; then each day after 00:00 UTC. Run \`observatory worker\` to collect.\n`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** `schedule list | show NAME | pause NAME | resume NAME | remove NAME`. */
export function scheduleManageAction(verb: "list" | "show" | "pause" | "resume" | "remove") {
  return async (
    ctx: ActionContext,
    flags: { db?: string; json?: boolean },
    args: string[],
  ): Promise<number> => {
    const store = await openSchedulerStore(ctx.io, flags);
    try {
      if (verb === "list") {
        const all = await store.listSchedules();
        const text = flags.json
          ? `${JSON.stringify(all, null, 2)}\n`
          : all.length
            ? `${all.map(describe).join("\n")}\n`
            : "no schedules yet: `observatory schedule add NAME --term … --since …`\n";
        await writeAll(ctx.io.stdout, text);
        return EXIT.ok;
      }
      const name = args[0] as string;
      const found = await store.getSchedule(name);
      if (!found)
        throw new UsageError(`no schedule named "${name}" (see \`observatory schedule list\`)`, "NAME");
      if (verb === "show") {
        const covered = (await store.coverage()).get(name) ?? new Map<string, number>();
        const days = [...covered.keys()].sort();
        const text = flags.json
          ? `${JSON.stringify({ ...found, windowsCollected: days.length, firstDay: days[0] ?? null, lastDay: days.at(-1) ?? null }, null, 2)}\n`
          : `${describe(found)}\nquery: ${JSON.stringify(found.query)}\nwindows collected: ${days.length}${days.length ? ` (${days[0]} … ${days.at(-1)})` : ""}\n`;
        await writeAll(ctx.io.stdout, text);
        return EXIT.ok;
      }
      if (verb === "remove") {
        await store.removeSchedule(name);
        await writeAll(ctx.io.stdout, `removed schedule ${name} (its records stay in the store)\n`);
        return EXIT.ok;
      }
      await store.setPaused(name, verb === "pause");
      await writeAll(ctx.io.stdout, `${verb === "pause" ? "paused" : "resumed"} schedule ${name}\n`);
      return EXIT.ok;
    } finally {
      await store.close();
    }
  };
}
