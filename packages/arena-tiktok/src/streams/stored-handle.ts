import type { TikTokDeps } from "../deps.js";

/** A handle as stored: the plain handle for public figures or with keepAuthorHandles, else its pseudonym. */
export function storedHandle(
  deps: Pick<TikTokDeps, "pseudonymize" | "keepAuthorHandles">,
  username: string,
): { handle: string; pseudonymized: boolean } {
  const pseudonym = deps.pseudonymize("tiktok", username);
  const plain = deps.keepAuthorHandles || pseudonym.publicFigure;
  return { handle: plain ? username.toLowerCase() : pseudonym.id, pseudonymized: !plain };
}
