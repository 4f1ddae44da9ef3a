/**
 * Everything the suite produces (logs, errors, checkpoints, state files, outputs, command output) is
 * kept under one directory per suite run, so the secret scan can read all of it at the end.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    artifactsDir: string;
  }
}

export function artifactsDir(): string {
  return inject("artifactsDir");
}

/** A fresh directory under the suite's artefacts, e.g. the working directory of a command. */
export function artifactDir(prefix: string): string {
  const root = join(artifactsDir(), "work");
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${prefix.replace(/[^A-Za-z0-9_-]/g, "_")}-`));
}

let counter = 0;

/** Saves a text (a log, an error, a dump) under the suite's artefacts. */
export function saveArtifact(name: string, text: string): void {
  const dir = join(artifactsDir(), "texts");
  mkdirSync(dir, { recursive: true });
  counter++;
  writeFileSync(
    join(dir, `${process.pid}-${counter}-${name.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 80)}.txt`),
    text,
  );
}

/** Everything a user could see of an error: message, name, fields, JSON form, stack, causes. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (current instanceof Error) {
      parts.push(String(current), current.stack ?? "");
      const json = (current as { toJSON?: () => unknown }).toJSON?.();
      if (json !== undefined) parts.push(JSON.stringify(json));
      parts.push(JSON.stringify(Object.fromEntries(Object.entries(current))));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === "string" ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join("\n");
}

/** Saves an error as a user would see it (see `describeError`). */
export function saveError(name: string, error: unknown): void {
  saveArtifact(`error-${name}`, describeError(error));
}
