import { describe, expect, it } from "vitest";
import { EMULATOR_USAGE, runEmulatorCli } from "./cli.js";
import { ApiClient } from "./test-support.js";

describe("runEmulatorCli", () => {
  it("starts the emulator and prints its URL and the demo credentials", async () => {
    let out = "";
    const emulator = await runEmulatorCli(["--port", "0", "--seed", "5", "--videos", "1000"], {
      write: (t) => {
        out += t;
      },
    });
    try {
      expect(emulator).toBeDefined();
      expect(out).toContain(`listening on ${emulator!.url}`);
      expect(out).toContain("demo-client-key");
      expect(out).toContain("demo-client-secret-0000");
      expect(emulator!.seed).toBe(5);
      expect(emulator!.corpus.videos).toHaveLength(1_000);
      expect((await new ApiClient(emulator!.url).fetchToken()).status).toBe(200);
    } finally {
      await emulator?.close();
    }
  });

  it("never prints a configured (non-demo) secret", async () => {
    let out = "";
    const emulator = await runEmulatorCli(["--port", "0", "--videos", "500"], {
      write: (t) => {
        out += t;
      },
      defaults: { clients: [{ clientKey: "lab-key", clientSecret: "lab-secret-value" }] },
    });
    await emulator?.close();
    expect(out).toContain("lab-key");
    expect(out).not.toContain("lab-secret-value");
  });

  it("prints usage for --help and rejects bad flags", async () => {
    let out = "";
    expect(await runEmulatorCli(["--help"], { write: (t) => (out += t) })).toBeUndefined();
    expect(out).toBe(EMULATOR_USAGE);
    await expect(runEmulatorCli(["--port", "-1"])).rejects.toThrow(/--port/);
    await expect(runEmulatorCli(["--nope"])).rejects.toThrow();
  });

  it("takes faults as JSON", async () => {
    const emulator = await runEmulatorCli(
      ["--port", "0", "--videos", "500", "--faults", '{"gatewayTimeoutRate":1}'],
      {
        write: () => {},
      },
    );
    try {
      const api = new ApiClient(emulator!.url);
      await api.login();
      expect((await api.post("user/info/", { username: "x" }, "display_name")).status).toBe(504);
    } finally {
      await emulator?.close();
    }
  });
});
