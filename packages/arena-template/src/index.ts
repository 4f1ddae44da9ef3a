export { type ApiPost, apiPostSchema, ExampleClient } from "./client.js";
export { createExampleCollector, ExampleCollector } from "./collector.js";
export { classify, ERROR_TABLE } from "./error-table.js";
export { normalizePost } from "./normalize.js";
export { type ExampleCollectorOptions, exampleOptionsSchema } from "./options.js";
