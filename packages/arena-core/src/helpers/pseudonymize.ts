import { createHmac } from "node:crypto";
import { ConfigError } from "../errors/arena-error.js";

export interface PseudonymizerOptions {
  /** The host's secret salt (≥ 16 characters). Required: there is no plain-handle fallback. */
  salt: string | undefined;
  /** Handles of public figures (politicians, media) that are kept as they are, per the research protocol. */
  publicFigures?: Iterable<string>;
}

export interface Pseudonym {
  /** HMAC-SHA256 hex, or the plain handle for a listed public figure. */
  id: string;
  publicFigure: boolean;
}

const normalizeHandle = (handle: string) => handle.trim().replace(/^@/, "").toLowerCase();

/** HMAC-SHA256 keyed by `salt` over `platform:author` (hex). Throws a `config` error without a salt. */
export function pseudonymize(salt: string | undefined, platform: string, author: string): string {
  return createPseudonymizer({ salt })(platform, author).id;
}

/** Builds a pseudonymiser once (salt checked up front). */
export function createPseudonymizer(
  options: PseudonymizerOptions,
): (platform: string, author: string) => Pseudonym {
  const { salt } = options;
  if (!salt) {
    throw new ConfigError(
      "No pseudonymisation salt: set pseudonymSalt (OBSERVATORY_PSEUDONYM_SALT for the CLI) to a secret of " +
        "at least 16 characters. Authors are never stored as plain handles.",
      { field: "pseudonymSalt" },
    );
  }
  if (salt.length < 16) {
    throw new ConfigError(
      "The pseudonymisation salt is shorter than 16 characters: use a longer random secret.",
      {
        field: "pseudonymSalt",
      },
    );
  }
  const publicFigures = new Set([...(options.publicFigures ?? [])].map(normalizeHandle));
  return (platform, author) => {
    const handle = normalizeHandle(author);
    if (publicFigures.has(handle)) return { id: handle, publicFigure: true };
    return {
      id: createHmac("sha256", salt).update(`${platform}:${handle}`).digest("hex"),
      publicFigure: false,
    };
  };
}
