import { describe, expect, it } from 'vitest';
import { createGate } from './gate.ts';

/** A piece of work that runs until released. */
function pending() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe('gate', () => {
  it('lets no more than its limit run at once and the rest in arrival order, whether work succeeds or fails', async () => {
    const gate = createGate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const works = Array.from({ length: 6 }, () => pending());
    const results = works.map((w, i) =>
      gate.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await w.done;
        running--;
        if (i === 1) throw new Error('failed work');
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.waiting).toBe(4);
    // Release out of order: the places freed go to the next in line, not to the released.
    works[1]!.release();
    await expect(results[1]).rejects.toThrow('failed work');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const w of works) w.release();
    expect(await Promise.all([results[0], ...results.slice(2)])).toEqual([0, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(gate.waiting).toBe(0);
  });

  it('is open again after the queue drains', async () => {
    const gate = createGate(1);
    await gate.run(async () => 1);
    let ran = false;
    await gate.run(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(() => createGate(0)).toThrow(RangeError);
  });
});
