/**
 * Reads a stream to its end (or `limit` items) and keeps what it yielded and how it ended: the
 * shape every arena's tests need ("records so far, then this error").
 */
export async function drain<T>(
  iterable: AsyncIterable<T>,
  options: { limit?: number; onError?: (error: unknown) => void } = {},
): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  try {
    for await (const item of iterable) {
      items.push(item);
      if (items.length >= limit) break;
    }
  } catch (error) {
    options.onError?.(error);
    return { items, error };
  }
  return { items, error: undefined };
}
