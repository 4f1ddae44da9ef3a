import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@observatory/arena-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashboardApp } from "./create-dashboard-app.js";
import {
  isLoopback,
  parseDashboardOptions,
  type RunningDashboard,
  startDashboard,
} from "./start-dashboard.js";

describe("safe by default", () => {
  it("binds 127.0.0.1 unless told otherwise", () => {
    expect(parseDashboardOptions({ db: "study" }).host).toBe("127.0.0.1");
  });

  it("refuses a non-loopback --host without a token, naming --token and the env variable", () => {
    for (const host of ["0.0.0.0", "192.168.1.20", "::"]) {
      let error: unknown;
      try {
        parseDashboardOptions({ db: "study", host });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe("--host");
      expect((error as Error).message).toContain("--token or OBSERVATORY_DASHBOARD_TOKEN");
    }
    expect(parseDashboardOptions({ db: "study", host: "0.0.0.0", token: "a".repeat(32) }).token).toBe(
      "a".repeat(32),
    );
    expect(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("localhost")).toBe(true);
  });

  it("a short token or a bad port is a ConfigError naming the flag", () => {
    expect(() => parseDashboardOptions({ db: "study", token: "short" })).toThrow(/--token/);
    expect(() => parseDashboardOptions({ db: "study", port: 70_000 })).toThrow(/--port/);
    expect(() => parseDashboardOptions({ db: "" })).toThrow(/--db/);
  });

  it("with a token every request must show it; ?token= sets a cookie that holds no token", async () => {
    const token = "t0k3n-for-the-dashboard-test-0001";
    const sql = { query: async () => ({ rows: [] }), exec: async () => undefined };
    const app = createDashboardApp({ sql, token });
    expect((await app.request("/")).status).toBe(401);
    expect((await app.request("/assets/style.css")).status).toBe(401);
    expect(
      (await app.request("/", { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status,
    ).toBe(401);
    const ok = await app.request("/", { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).not.toContain(token);
    const login = await app.request(`/quota?token=${token}&days=7`);
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/quota?days=7");
    const cookie = login.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("obs_access=");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).not.toContain(token);
    const withCookie = await app.request("/quota?days=7", {
      headers: { cookie: cookie.split(";")[0] as string },
    });
    expect(withCookie.status).toBe(200);
  });

  it("sends a content security policy that allows nothing from elsewhere and no script", async () => {
    const sql = { query: async () => ({ rows: [] }), exec: async () => undefined };
    const res = await createDashboardApp({ sql }).request("/");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("script-src");
  });
});

describe("startDashboard on an embedded store", () => {
  let dir: string;
  let running: RunningDashboard;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dashboard-start-"));
    running = await startDashboard({ db: join(dir, "study"), port: 0 });
  });
  afterAll(async () => {
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves every page on 127.0.0.1 over a fresh store (no schedules yet, no queue)", async () => {
    expect(running.host).toBe("127.0.0.1");
    expect(running.tokenRequired).toBe(false);
    for (const path of ["/", "/coverage", "/quota", "/compliance", "/compliance/report", "/queue"]) {
      const res = await fetch(new URL(path, running.url));
      expect(res.status, path).toBe(200);
    }
    const studies = await (await fetch(running.url)).text();
    expect(studies).toContain("No schedules yet");
    const queue = await (await fetch(new URL("/queue", running.url))).text();
    expect(queue).toContain("No queue");
  });

  it("a taken port is a ConfigError naming --port", async () => {
    await expect(startDashboard({ db: join(dir, "other"), port: running.port })).rejects.toThrow(
      /--port \d+ is in use/,
    );
  });
});
