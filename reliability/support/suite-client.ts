/**
 * The suite's own Research API client. Not the emulator's public demo pair: its secret is a real
 * secret as far as the suite is concerned, and the secret scan looks for it in everything the suite
 * produced.
 */
export const SUITE_CLIENT = {
  clientKey: "reliability-suite-client",
  clientSecret: "rs-secret-9c41f07be25d4a8e93f1d6b7c0a2e5f8",
} as const;

/** The pseudonymisation salt of every collector and command in the suite. */
export const SUITE_SALT = "reliability-salt-3b8e1f9a6c2d4e70";

/** Access tokens the emulator issues look like `clt.` followed by 56 letters and digits. */
export const ACCESS_TOKEN = /clt\.[A-Za-z0-9]{16,}/g;

/** The emulator's fixed "now": its corpus runs to 2026-11-20, so everything is ingested. */
export const SUITE_NOW = Date.parse("2026-11-24T10:00:00Z");
