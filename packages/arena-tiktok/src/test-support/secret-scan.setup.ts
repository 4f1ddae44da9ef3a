import { afterEach, expect } from "vitest";
import { secretScan } from "./secret-scan.js";
import { CLIENT_SECRET } from "./test-collector.js";

secretScan.secret(CLIENT_SECRET);

afterEach(async () => {
  const leaks = await secretScan.findLeaks();
  secretScan.reset();
  expect(leaks, "no secret or access token in logs, checkpoints or errors").toEqual([]);
});
