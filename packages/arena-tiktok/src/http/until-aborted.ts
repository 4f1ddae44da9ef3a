import { CollectionAbortedError } from "@observatory/arena-core";

/**
 * `promise`, or a `CollectionAbortedError` as soon as `signal` aborts: for waits the signal cannot
 * reach itself (a token shared through the token cache, whose request belongs to the first caller).
 */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    throw new CollectionAbortedError();
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CollectionAbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}
