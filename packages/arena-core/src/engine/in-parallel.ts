type Step<T> = { gen: AsyncGenerator<T, unknown>; result?: IteratorResult<T, unknown>; error?: unknown };

/**
 * Runs up to `concurrency` generators at once and yields their values as they come (each generator's
 * own values in order). `start` gives the next generator (undefined: no more). Each generator runs to
 * its next value only when the previous one was taken, so a generator that checkpoints after its
 * values are consumed (the page loop) never checkpoints a value the consumer did not take. A failure
 * of one ends the others (at their current step) and is thrown; so does the consumer's `return`.
 */
export async function* inParallel<T>(
  start: () => Promise<AsyncGenerator<T, unknown> | undefined>,
  concurrency: number,
): AsyncGenerator<T, void> {
  const running = new Map<AsyncGenerator<T, unknown>, Promise<Step<T>>>();
  const step = (gen: AsyncGenerator<T, unknown>): Promise<Step<T>> =>
    gen.next().then(
      (result) => ({ gen, result }),
      (error: unknown) => ({ gen, error }),
    );
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && running.size < Math.max(1, concurrency)) {
      const gen = await start();
      if (!gen) exhausted = true;
      else running.set(gen, step(gen));
    }
  };
  try {
    await fill();
    while (running.size) {
      const { gen, result, error } = await Promise.race(running.values());
      if (error !== undefined || !result) {
        running.delete(gen);
        throw error;
      }
      if (result.done) {
        running.delete(gen);
        await fill();
        continue;
      }
      yield result.value;
      running.set(gen, step(gen));
    }
  } finally {
    // Ends the others where they are: a value they produced but nobody took is not checkpointed.
    await Promise.all(
      [...running].map(async ([gen, pending]) => {
        await pending;
        await gen.return(undefined).catch(() => undefined);
      }),
    );
  }
}
