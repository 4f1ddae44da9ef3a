import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { resilientRedisOptions } from "../src/connection/create-redis-client.js";
import { type RedisServer, type RedisServerOptions, startRedisServer } from "../src/testing/index.js";

export interface RedisFixture {
  readonly server: RedisServer;
  /** A client with the adapters' failure options; closed after the suite. */
  readonly client: Redis;
  /** Another client for this suite (closed after it). */
  newClient(): Redis;
}

/** Starts a redis-server for the enclosing describe block and stops it after. */
export function useRedisServer(options: RedisServerOptions = {}): RedisFixture {
  let server: RedisServer | undefined;
  const clients: Redis[] = [];
  const fixture: RedisFixture = {
    get server() {
      if (!server) throw new Error("redis-server not started yet");
      return server;
    },
    get client() {
      if (!clients[0]) clients.push(fixture.newClient());
      return clients[0]!;
    },
    newClient() {
      const client = new Redis(fixture.server.url, resilientRedisOptions());
      client.on("error", () => undefined);
      clients.push(client);
      return client;
    },
  };
  beforeAll(async () => {
    server = await startRedisServer(options);
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });
  return fixture;
}

let counter = 0;
/** A key prefix no other test uses. */
export function uniquePrefix(name: string): string {
  counter += 1;
  return `test:${name}:${process.pid}:${counter}:${Date.now()}:`;
}
