// Writes content-record.schema.json from the zod schema (run by `pnpm build`).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { contentRecordJsonSchema } from "../src/record/content-record.js";

const target = fileURLToPath(new URL("../content-record.schema.json", import.meta.url));
writeFileSync(target, `${JSON.stringify(contentRecordJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.split("/").slice(-2).join("/")}`);
