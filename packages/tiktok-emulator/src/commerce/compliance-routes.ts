import { snowflakeId } from "../corpus/ids.js";
import { invalidParams } from "../http/api-error.js";
import { int64, toWire } from "../json/wire.js";
import { idParam, type Route } from "../routes/route.js";

/** At most this many IDs per task ("The max IDs users can submit is 10,000 per time"). */
export const COMPLIANCE_MAX_IDS = 10_000;

/**
 * `POST /v2/research/validation_task/create/` (form-data): `file_data`, a text file of IDs (one per
 * line, at most 10,000), and `category` (video | comment) → `{ task_id }`.
 */
export const validationTaskCreateRoute: Route = {
  name: "validation_task/create",
  pool: "research",
  body: "multipart",
  handle(ctx) {
    const category = ctx.body.category;
    if (category !== "video" && category !== "comment") {
      throw invalidParams(`Invalid category: "${String(category ?? "")}" (video or comment)`);
    }
    const file = ctx.body.file_data;
    if (typeof file !== "string") throw invalidParams("file_data is required: a text file of IDs");
    const ids = file
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw invalidParams("Invalid file_data: the file holds no IDs");
    if (ids.length > COMPLIANCE_MAX_IDS) {
      throw invalidParams(
        `Invalid file_data: the max IDs users can submit is ${COMPLIANCE_MAX_IDS} per time`,
      );
    }
    const bad = ids.find((id) => !/^\d{1,20}$/.test(id));
    if (bad) throw invalidParams(`Invalid file_data: "${bad}" is not an ID`);
    const map = ctx.commerce.tasks;
    const id = snowflakeId(ctx.nowSeconds, map.size + 1);
    map.set(id, { category, ids: ids.length });
    return { data: toWire({ task_id: int64(id) }), records: 0 };
  },
};

/**
 * `POST /v2/research/validation_task_status/get/` `{ task_id }`. TikTok documents no status object:
 * the emulator answers only the task ID it knows (an unknown task is a 400), so that a client never
 * relies on a shape the API does not promise.
 */
export const validationTaskStatusRoute: Route = {
  name: "validation_task_status/get",
  pool: "research",
  handle(ctx) {
    const id = idParam(ctx.body.task_id, "task_id");
    if (!ctx.commerce.tasks.has(id)) throw invalidParams(`Task ${id} is invalid: cannot find the task`);
    return { data: toWire({ task_id: int64(id) }), records: 0 };
  },
};
