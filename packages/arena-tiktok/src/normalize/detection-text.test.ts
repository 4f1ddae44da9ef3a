import { describe, expect, it } from "vitest";
import { detectionText } from "./detection-text.js";

describe("detectionText", () => {
  it("removes URLs, mentions and hashtags; falls back to the hashtags' words when nothing is left", () => {
    expect(detectionText("Klimaet #dkpol @dr https://dr.dk/x er til debat")).toBe("Klimaet er til debat");
    expect(detectionText("#fyp #klima")).toBe("fyp klima");
    expect(detectionText("ok #fyp", "og så videre")).toBe("ok fyp og så videre");
    expect(detectionText("", null)).toBe("");
  });
});
