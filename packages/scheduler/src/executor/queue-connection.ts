import { ConfigError } from "@observatory/arena-core";
import { createPostgresBackend, type QueueOptions } from "bullmq";
import { Redis } from "ioredis";

/** Where the queue lives: the store's PostgreSQL (default with a postgres:// store) or Redis (REDIS_URL). */
export type QueueLocation = { kind: "postgres"; url: string } | { kind: "redis"; url: string };

/** The queue's location from the store's and Redis's URLs: Redis when given, else the PostgreSQL store. */
export function queueLocation(input: {
  databaseUrl?: string | undefined;
  redisUrl?: string | undefined;
}): QueueLocation {
  if (input.redisUrl) {
    if (!/^rediss?:\/\//.test(input.redisUrl)) {
      throw new ConfigError("REDIS_URL: a redis:// or rediss:// URL", { field: "REDIS_URL" });
    }
    return { kind: "redis", url: input.redisUrl };
  }
  if (input.databaseUrl && /^postgres(ql)?:\/\//.test(input.databaseUrl))
    return { kind: "postgres", url: input.databaseUrl };
  throw new ConfigError(
    "the queue needs a PostgreSQL server (--db postgres://…) or Redis (REDIS_URL); an embedded store runs the in-process executor",
    { field: "--db" },
  );
}

/** The name of the scheduler's queue. */
export const QUEUE_NAME = "observatory-scheduler";

/** A queue class's connection options and backend factory for a location; `close` ends what it opened. */
export function queueConnection(location: QueueLocation): {
  options: QueueOptions;
  backend: typeof createPostgresBackend | undefined;
  close: () => Promise<void>;
} {
  if (location.kind === "postgres") {
    return {
      options: { connection: { connectionString: location.url, migrate: true } } as unknown as QueueOptions,
      backend: createPostgresBackend,
      close: async () => undefined,
    };
  }
  const redis = new Redis(location.url, { maxRetriesPerRequest: null });
  return {
    options: { connection: redis },
    backend: undefined,
    close: async () => {
      redis.disconnect();
    },
  };
}
