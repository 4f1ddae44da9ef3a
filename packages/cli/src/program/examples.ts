/** The examples shown under each command's --help. */
export const EXAMPLES = {
  root: `
Examples:
  $ observatory tiktok collect --term klima --term '#dkpol' --since 2026-08-01 --until 2026-11-01 --out klima.jsonl
  $ observatory tiktok estimate --term klima --since 2026-01-01 --until 2027-01-01
  $ observatory tiktok health

With no TIKTOK_CLIENT_KEY/TIKTOK_CLIENT_SECRET set, the tiktok commands run against a built-in
emulator and say so: the data are SYNTHETIC. See 'observatory tiktok --help'.`,
  tiktok: `
Examples:
  $ observatory tiktok collect --term klima --since 2026-09-01 --until 2026-11-01 --out klima.jsonl
  $ observatory tiktok actors --actor drnyheder --actor @tv2nyhederne --since 2026-09-01 --until 2026-10-01
  $ observatory tiktok comments --video 7412345678901234567 --out comments.jsonl
  $ observatory tiktok user drnyheder tv2nyhederne
  $ observatory tiktok followers drnyheder --out followers.csv --format csv
  $ observatory tiktok estimate --term klima --since 2026-01-01 --until 2027-01-01
  $ observatory tiktok refresh --in klima.jsonl --out klima-refreshed.jsonl
  $ observatory tiktok health
  $ observatory tiktok emulator --port 8787

Environment: TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET, TIKTOK_API_BASE_URL, OBSERVATORY_PSEUDONYM_SALT,
REDIS_URL, OBSERVATORY_STATE_DIR (also read from ./.env). Exit codes: 0 done, 1 failure, 2 bad input,
3 quota spent (paused, resumable), 4 silent zeros (flagged), 5 windows deferred (ingestion lag),
6 --max-requests spent (resumable), 130 interrupted, 143 terminated (resumable).`,
  collect: `
Terms: --term is OR-ed ('#tag' is a hashtag, anything else a keyword); each --group is an AND-group of
comma-separated terms, OR-ed with the rest; --exclude removes matches. Dates are UTC; --until is exclusive.

Examples:
  $ observatory tiktok collect --term klima --term '#dkpol' --since 2026-09-01 --until 2026-11-01 --out klima.jsonl
  $ observatory tiktok collect --group 'klima,afgift' --exclude reklame --region DK --language da \\
      --since 2026-09-01 --until 2026-11-01 --format csv --out klima.csv
  $ observatory tiktok collect --term valg --since 2026-10-01 --until 2026-10-08 --max 500 > valg.jsonl
  $ observatory tiktok collect --term klima --since 2026-01-01 --until 2026-04-01 --random --out sample.jsonl

Resume: run the same command again with the same --out (from any folder). The file and its
<out>.resume.json are the truth about what it holds, so after a crash, kill, Ctrl-C (exit 130) or spent
quota (exit 3) it holds every record exactly once. To start over, move both aside. stdout is never
resumed by itself: pass the --run-id printed in the summary to continue a run to stdout.`,
  actors: `
Examples:
  $ observatory tiktok actors --actor drnyheder --actor @tv2nyhederne --since 2026-09-01 --until 2026-11-01 --out news.jsonl
  $ observatory tiktok actors --actor drnyheder --since 2026-09-01 --until 2026-10-01 --format csv --out dr.csv

Resume: run the same command again; see 'observatory tiktok collect --help'.`,
  comments: `
Examples:
  $ observatory tiktok comments --video 7412345678901234567 --out comments.jsonl
  $ observatory tiktok comments --video 7412345678901234567 --video 7412345678901234568 --max-per-video 200 --format csv

Only the top 1,000 comments of a video are available (an API limit).`,
  user: `
Examples:
  $ observatory tiktok user drnyheder
  $ observatory tiktok user drnyheder @tv2nyhederne --format csv --out profiles.csv`,
  followers: `
Examples:
  $ observatory tiktok followers drnyheder --out followers.jsonl
  $ observatory tiktok followers drnyheder --max 1000 --format csv

TikTok returns only public followers, at most about 4,000–5,000 per account.`,
  following: `
Examples:
  $ observatory tiktok following drnyheder --out following.jsonl`,
  estimate: `
Prints requests (min/expected/max), records, days of the daily quota, money per tier and the basis of
the estimate (earlier runs of the same query, or windows alone). Sends no data request.

Examples:
  $ observatory tiktok estimate --term klima --term '#dkpol' --since 2026-01-01 --until 2027-01-01
  $ observatory tiktok estimate --actor drnyheder --since 2026-09-01 --until 2026-11-01 --json
  $ observatory tiktok estimate --music-id 7234567890123456789 --since 2026-09-01 --until 2026-10-01`,
  health: `
Checks the token and one tiny video query; prints status, latency and quota left. The query costs one
request of the daily quota, so it is sent at most once per 10 minutes per credential (shared through
the state directory or Redis); in between the last verdict is shown with its age. --probe sends one now.
Exit code: 0 ok, 3 quota spent, 1 degraded or down.

Examples:
  $ observatory tiktok health
  $ observatory tiktok health --probe --json`,
  refresh: `
Re-fetches engagement (views, likes, shares, comments) for records collected earlier — best for
videos 10–15 days old, when TikTok's counts have settled.

Examples:
  $ observatory tiktok refresh --in klima.jsonl --out klima-refreshed.jsonl
  $ observatory tiktok refresh --in klima.jsonl --format csv > refreshed.csv
  $ observatory tiktok refresh --in klima.jsonl --dry-run
  $ observatory tiktok refresh --db study.db --max-requests 200 --json --progress json`,
  forget: `
Erasure or objection (GDPR art. 17, 21): copies --in to a new --out without the records that name
these accounts — their videos and comments (by pseudonym under OBSERVATORY_PSEUDONYM_SALT, the salt
the records were collected with; or by handle for public figures), and follower edges and profiles
naming them. Kept records are copied byte for byte; no request is sent.

Examples:
  $ observatory tiktok forget @some.creator --in klima.jsonl --out klima-kept.jsonl
  $ observatory tiktok forget alice bob --in followers.csv --out followers-kept.csv`,
  quota: `
Shows today's request count from the local quota ledger (the state directory or Redis).
--reset forgets today's count and pause, e.g. after TikTok raised your project's quota.

Examples:
  $ observatory tiktok quota
  $ observatory tiktok quota --reset`,
  emulator: `
Runs the local TikTok Research API emulator (synthetic data) until Ctrl-C.

Examples:
  $ observatory tiktok emulator --port 8787 --seed 42
  $ TIKTOK_API_BASE_URL=http://127.0.0.1:8787 TIKTOK_CLIENT_KEY=… TIKTOK_CLIENT_SECRET=… observatory tiktok health`,
} as const;
