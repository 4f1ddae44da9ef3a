/**
 * REPLACE: a small fake of the platform's API for the arena's tests (and the conformance suite): the
 * same URLs, paging and error bodies as the real one, over an in-memory list of posts, with faults a
 * test can switch on. A fetch function, so no network and no global patching.
 */
export interface FakePost {
  id: string;
  text: string;
  author: string;
  created_at: string;
  likes?: number;
  shares?: number;
  comments?: number;
}

export interface FakeFault {
  status: number;
  error?: string;
  /** How many requests in a row answer with this fault. */
  times: number;
  /** Only requests whose `q` contains this. */
  q?: string;
}

export class FakeExampleApi {
  /** Requests answered (faults included). */
  requests = 0;
  readonly faults: FakeFault[] = [];

  constructor(
    readonly posts: readonly FakePost[],
    readonly apiKey = "test-key-123",
    readonly knownAuthors: ReadonlySet<string> = new Set(posts.map((p) => p.author)),
  ) {}

  fail(fault: FakeFault): this {
    this.faults.push(fault);
    return this;
  }

  readonly fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    init?.signal?.throwIfAborted();
    this.requests++;
    const q = url.searchParams.get("q") ?? "";
    const fault = this.faults.find((f) => f.times > 0 && (f.q === undefined || q.includes(f.q)));
    if (fault) {
      fault.times--;
      return json(fault.status, { error: fault.error ?? "fault" });
    }
    if (headers.get("authorization") !== `Bearer ${this.apiKey}`) return json(401, { error: "bad_key" });
    if (url.pathname !== "/v1/search") return json(404, { error: "no_such_endpoint" });
    const since = Date.parse(url.searchParams.get("since") ?? "");
    const until = Date.parse(url.searchParams.get("until") ?? "");
    const cursor = Number(url.searchParams.get("cursor") ?? 0);
    const limit = Number(url.searchParams.get("limit") ?? 50);
    if (Number.isNaN(since) || Number.isNaN(until) || !(limit > 0)) return json(400, { error: "bad_query" });
    const author = q.startsWith("from:") ? q.slice(5) : undefined;
    if (author !== undefined && !this.knownAuthors.has(author)) return json(404, { error: "unknown_author" });
    const words = author === undefined ? q.toLowerCase().split(" ").filter(Boolean) : [];
    const matching = this.posts
      .filter((p) => {
        const at = Date.parse(p.created_at);
        if (at < since || at >= until) return false;
        if (author !== undefined) return p.author === author;
        return words.some((w) => p.text.toLowerCase().includes(w));
      })
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? -1 : 1));
    const posts = matching.slice(cursor, cursor + limit);
    const next = cursor + posts.length;
    return json(200, { posts, next_cursor: next < matching.length ? next : null });
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** `n` posts a day from `since`, alternating two authors, every third one about "klima". */
export function samplePosts(since: string, days: number, perDay: number): FakePost[] {
  const start = Date.parse(since);
  const posts: FakePost[] = [];
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      const n = d * perDay + i;
      posts.push({
        id: String(9_007_199_254_740_993n + BigInt(n)), // beyond 2^53: IDs stay exact strings
        text: n % 3 === 0 ? `Klima debat nummer ${n}` : `Hverdag ${n}`,
        author: n % 2 === 0 ? "anna" : "bo",
        created_at: new Date(start + d * 86_400_000 + i * 60_000).toISOString(),
        likes: n,
        shares: 1,
        comments: 2,
      });
    }
  }
  return posts;
}
