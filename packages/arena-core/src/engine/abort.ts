import { CollectionAbortedError } from "../errors/arena-error.js";

/** Throws the contract's aborted error when the consumer's signal fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CollectionAbortedError();
}
