// A small local fake of Bright Data's Datasets API v3 (trigger → progress → snapshot), on loopback,
// following the documented request and response shapes. It also answers the two Research API calls
// a health check makes, so a medium-tier collector can be tested without any other service.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeBrightDataOptions {
  apiKey: string;
  /** Posts each keyword or profile yields. */
  postsPerInput?: number;
  /** Progress checks that answer "running" before a snapshot is ready. */
  runningPolls?: number;
  /** First post time (epoch s); posts follow one hour apart. */
  firstPostSeconds?: number;
}

interface Snapshot {
  records: Record<string, unknown>[];
  pollsLeft: number;
}

export interface FakeBrightData {
  url: string;
  /** Requests per route, e.g. { trigger: 2, snapshot: 3 }. */
  readonly calls: Record<string, number>;
  readonly triggers: unknown[][];
  close(): Promise<void>;
}

export async function startFakeBrightData(options: FakeBrightDataOptions): Promise<FakeBrightData> {
  const snapshots = new Map<string, Snapshot>();
  const calls: Record<string, number> = {};
  const triggers: unknown[][] = [];
  const perInput = options.postsPerInput ?? 6;
  const first = options.firstPostSeconds ?? Date.parse("2026-09-02T00:00:00Z") / 1000;
  const count = (route: string) => {
    calls[route] = (calls[route] ?? 0) + 1;
  };

  const posts = (input: Record<string, unknown>): Record<string, unknown>[] => {
    const seed = String(input.search_keyword ?? input.url);
    const base = BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 8)}`) * 1000n;
    const username = String(input.url ?? "").replace(/^.*@/, "") || `creator_${base % 97n}`;
    return Array.from({ length: perInput }, (_, i) => ({
      post_id: String(7_300_000_000_000_000_000n + base + BigInt(i)),
      url: `https://www.tiktok.com/@${username}/video/${7_300_000_000_000_000_000n + base + BigInt(i)}`,
      description: `Debat om ${seed} og klimaet i Danmark nummer ${i} #dkpol`,
      create_time: new Date((first + i * 3600) * 1000).toISOString(),
      digg_count: 10 + i,
      share_count: 1,
      collect_count: 2,
      comment_count: 3,
      play_count: 100 + i,
      video_duration: 30,
      hashtags: ["#dkpol"],
      profile_username: username,
      profile_url: `https://www.tiktok.com/@${username}`,
      is_verified: false,
    }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const body = await readBody(req);
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === "/v2/oauth/token/") {
      return json(200, {
        access_token: `clt.fake-${"x".repeat(24)}`,
        expires_in: 7200,
        token_type: "Bearer",
      });
    }
    if (url.pathname.startsWith("/v2/research/")) {
      return json(200, {
        data: { videos: [], cursor: 0, has_more: false },
        error: { code: "ok", message: "" },
      });
    }
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return json(401, { error: "User authentication is required" });
    }
    const snapshotMatch = /^\/datasets\/v3\/(progress|snapshot)\/([^/]+)$/.exec(url.pathname);
    if (req.method === "POST" && url.pathname === "/datasets/v3/trigger") {
      count("trigger");
      const inputs = JSON.parse(body) as Record<string, unknown>[];
      triggers.push(inputs);
      const id = `s_fake${snapshots.size + 1}${Date.now().toString(36)}`;
      snapshots.set(id, { records: inputs.flatMap(posts), pollsLeft: options.runningPolls ?? 0 });
      return json(200, { snapshot_id: id });
    }
    if (req.method === "GET" && url.pathname === "/datasets/v3/snapshots") {
      count("snapshots");
      return json(200, []);
    }
    const snapshot = snapshotMatch ? snapshots.get(snapshotMatch[2]!) : undefined;
    if (!snapshotMatch || !snapshot) return json(404, { error: "Snapshot does not exist" });
    if (snapshotMatch[1] === "progress") {
      count("progress");
      const status = snapshot.pollsLeft > 0 ? "running" : "ready";
      if (snapshot.pollsLeft > 0) snapshot.pollsLeft--;
      return json(200, { snapshot_id: snapshotMatch[2], dataset_id: "gd_lu702nij2f790tmv9h", status });
    }
    count("snapshot");
    if (snapshot.pollsLeft > 0) {
      return json(202, { status: "running", message: "Snapshot is not ready yet, try again in 10s" });
    }
    // NDJSON, written in several chunks (a line may be split across them).
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const text = snapshot.records.map((r) => `${JSON.stringify(r)}\n`).join("");
    for (let i = 0; i < text.length; i += 97) res.write(text.slice(i, i + 97));
    res.end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    triggers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}
