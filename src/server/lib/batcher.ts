/**
 * Gathers concurrent requests for one kind of read into one query. A request made while
 * `maxInFlight` queries are already running waits for the next one, which takes everything
 * that waited (up to `maxBatch`); when the database is idle a request goes at once, alone. So
 * under load a read costs a share of one round trip and of one statement, instead of each
 * read waking a database session of its own; and nothing ever waits for a timer.
 *
 * `load` answers for its keys in their order. If a query for several keys fails, each key is
 * tried again alone, so that one bad key fails only its own request.
 */
export interface BatcherOptions {
  maxInFlight: number;
  maxBatch: number;
}

export function createBatcher<K, V>(load: (keys: K[]) => Promise<V[]>, options: BatcherOptions): (key: K) => Promise<V> {
  const queue: Array<{ key: K; resolve: (value: V) => void; reject: (err: unknown) => void }> = [];
  let inFlight = 0;

  const loadChecked = async (keys: K[]): Promise<V[]> => {
    const values = await load(keys);
    if (values.length !== keys.length) throw new Error(`batch load answered ${values.length} values for ${keys.length} keys`);
    return values;
  };

  const pump = () => {
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      loadChecked(batch.map((r) => r.key))
        .then(
          (values) => batch.forEach((r, i) => r.resolve(values[i]!)),
          async (err: unknown) => {
            if (batch.length === 1) return batch[0]!.reject(err);
            await Promise.all(batch.map((r) => loadChecked([r.key]).then((values) => r.resolve(values[0]!), r.reject)));
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return (key: K) =>
    new Promise<V>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      pump();
    });
}
