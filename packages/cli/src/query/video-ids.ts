import { readFile } from "node:fs/promises";
import { resolvePath } from "../resolve-path.js";
import { UsageError } from "../usage-error.js";
import { isVideoId } from "./video-id.js";

const RULE = "digits only, at most 9223372036854775807 (a signed 64-bit integer)";

/** IDs from the command line, exact strings; a bad one is exit 2 naming `flag` and the value. */
export function parseVideoIdArgs(values: readonly string[], flag: string, what = "video ID"): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    const id = raw.trim();
    if (!isVideoId(id)) {
      throw new UsageError(`${flag} ${JSON.stringify(raw)} is not a ${what}: ${RULE}.`, flag);
    }
    out.add(id);
  }
  return [...out];
}

/**
 * `--ids-file F`: one ID per line (blank lines and lines starting with # are skipped), read as text so
 * 19-digit IDs stay exact. A bad line is exit 2 naming the file, the line and the value.
 */
export async function readIdsFile(cwd: string, file: string, flag = "--ids-file"): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(resolvePath(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(
      `${flag} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      flag,
    );
  }
  const out = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const id = line.trim();
    if (!id || id.startsWith("#")) return;
    if (!isVideoId(id)) {
      throw new UsageError(
        `${flag} ${file} line ${i + 1}: ${JSON.stringify(id.slice(0, 40))} is not a video ID: ${RULE}.`,
        flag,
      );
    }
    out.add(id);
  });
  return [...out];
}
