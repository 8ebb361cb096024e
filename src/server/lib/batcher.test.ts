import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.ts';

/** A load function that records its batches and answers when told to. */
function recordingLoad() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const load = (keys: number[]) => {
    batches.push(keys);
    return new Promise<string[]>((resolve, reject) =>
      pending.push(() => (keys.includes(13) && keys.length >= 1 ? reject(new Error(`bad key in ${keys.join(',')}`)) : resolve(keys.map((k) => `v${k}`)))),
    );
  };
  const answerAll = async () => {
    while (pending.length > 0) {
      pending.splice(0).forEach((answer) => answer());
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, load, answerAll };
}

describe('batcher', () => {
  it('sends a request alone when nothing is running, and gathers the ones that arrive meanwhile into the next query', async () => {
    const { batches, load, answerAll } = recordingLoad();
    const get = createBatcher(load, { maxInFlight: 1, maxBatch: 3 });
    const results = [1, 2, 3, 4, 5, 6].map((k) => get(k));
    expect(batches).toEqual([[1]]);
    await answerAll();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    // The five that waited went as two queries of at most three.
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('runs up to maxInFlight queries at once', async () => {
    const { batches, load, answerAll } = recordingLoad();
    const get = createBatcher(load, { maxInFlight: 2, maxBatch: 10 });
    const results = [1, 2, 3, 4].map((k) => get(k));
    expect(batches).toEqual([[1], [2]]);
    await answerAll();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', 'v3', 'v4']);
    expect(batches).toEqual([[1], [2], [3, 4]]);
  });

  it('fails only the request whose key made a shared query fail', async () => {
    const { batches, load, answerAll } = recordingLoad();
    const get = createBatcher(load, { maxInFlight: 1, maxBatch: 10 });
    const results = [1, 2, 13, 4].map((k) => get(k).catch((err: Error) => err.message));
    await answerAll();
    expect(await Promise.all(results)).toEqual(['v1', 'v2', 'bad key in 13', 'v4']);
    expect(batches).toEqual([[1], [2, 13, 4], [2], [13], [4]]);
  });
});
