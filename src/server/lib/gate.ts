/**
 * Lets at most `limit` pieces of work run at once; the rest wait their turn, first come first
 * served. Used where running more at once only makes them queue somewhere costlier (several
 * database sessions waiting on one row lock wake each other at every commit).
 */
export interface Gate {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** How many are waiting for their turn. */
  readonly waiting: number;
}

export function createGate(limit: number): Gate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`gate limit must be a positive integer, got ${limit}`);
  let running = 0;
  const queue: Array<() => void> = [];
  return {
    get waiting() {
      return queue.length;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      // A finished piece of work hands its place straight to the next in line, so `running`
      // never drops and rises again in between (no one can jump the queue).
      if (running < limit) running++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await work();
      } finally {
        const next = queue.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
