import type { CliIo } from "../cli-io.js";
import { writeAll } from "../output/stdout-output.js";
import type { StderrLines } from "../runtime/stderr-lines.js";

/** A planned request as the library gives it: the body is the exact JSON text that would be sent. */
export interface PlannedLine {
  endpoint: string;
  fields?: string;
  partition: string;
  /** The request body, serialised exactly as sent (64-bit IDs as bare integers where the API wants them). */
  bodyJson: string;
}

/** One `plannedRequestSchema` line; the body is spliced in as sent, never re-serialised through a JS number. */
export function plannedRequestLine(p: PlannedLine): string {
  const head = JSON.stringify({
    schema: "observatory.planned-request/1",
    endpoint: p.endpoint,
    ...(p.fields ? { fields: p.fields } : {}),
    partition: p.partition,
  });
  return `${head.slice(0, -1)},"body":${p.bodyJson}}`;
}

/**
 * `--dry-run`: every planned request on stdout, one JSON object a line (or, with `--json`, one
 * `dryRunSchema` object), and the count on stderr. Nothing is sent; exit 0.
 */
export async function printDryRun(
  io: CliIo,
  lines: StderrLines,
  command: string,
  planned: readonly PlannedLine[],
  json: boolean,
): Promise<number> {
  const rows = planned.map(plannedRequestLine);
  if (json) {
    const head = JSON.stringify({ schema: "observatory.dry-run/1", command, requests: planned.length });
    await writeAll(io.stdout, `${head.slice(0, -1)},"planned":[${rows.join(",")}]}\n`);
  } else if (rows.length) {
    await writeAll(io.stdout, `${rows.join("\n")}\n`);
  }
  lines.line(
    `dry run: ${planned.length} request(s) planned (the first of each partition; paging may add more); nothing was sent`,
  );
  return 0;
}
