import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  machineJsonSchemas,
  plannedRequestSchema,
  progressEventSchema,
  runSummarySchema,
} from "./machine-schemas.js";

const FILE = fileURLToPath(new URL("../../machine-schemas.json", import.meta.url));

describe("the machine interface's schemas", () => {
  it("machine-schemas.json (for hosts in other languages) is the JSON Schema of the zod schemas", () => {
    // Regenerate: node --import tsx -e 'import("./src/machine/machine-schemas.ts").then(m => console.log(JSON.stringify(m.machineJsonSchemas(), null, 2)))' > machine-schemas.json
    expect(JSON.parse(readFileSync(FILE, "utf8"))).toEqual(machineJsonSchemas());
  });

  it("reject what a host must not be handed: an unknown outcome, an event without its type, a request without a body path", () => {
    expect(runSummarySchema.safeParse({ schema: "observatory.summary/1", outcome: "done" }).success).toBe(
      false,
    );
    const event = { schema: "observatory.progress/1", at: "2026-12-06T00:00:00.000Z", runId: "r" };
    expect(progressEventSchema.safeParse({ ...event, message: "x" }).success).toBe(false);
    expect(progressEventSchema.safeParse({ ...event, event: "log", message: "x" }).success).toBe(true);
    expect(
      plannedRequestSchema.safeParse({ schema: "observatory.planned-request/1", body: {} }).success,
    ).toBe(false);
  });
});
