// The process-wide helm pool: never more than the limit at once, slots handed over in order, and
// a caller cancelled while waiting does not hold up (or take) a slot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helmPoolState, setHelmConcurrency, withHelmSlot } from '../../server/tools/helm-pool';

test('at most N tasks run at once; all finish; the pool is empty afterwards', async () => {
  setHelmConcurrency(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const task = (i: number) => async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    order.push(i);
    return i;
  };
  const results = await Promise.all(Array.from({ length: 7 }, (_, i) => withHelmSlot(task(i))));
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(peak, 2);
  assert.deepEqual(helmPoolState(), { running: 0, waiting: 0, limit: 2 });
  setHelmConcurrency(4);
});

test('a waiter cancelled before its turn runs at once without a slot (and sees the abort)', async () => {
  setHelmConcurrency(1);
  let release!: () => void;
  const blocker = withHelmSlot(() => new Promise<void>((r) => (release = r)));
  const abort = new AbortController();
  const waiting = withHelmSlot(async () => abort.signal.aborted, abort.signal);
  assert.equal(helmPoolState().waiting, 1);
  abort.abort();
  assert.equal(await waiting, true);
  assert.equal(helmPoolState().waiting, 0);
  release();
  await blocker;
  assert.deepEqual(helmPoolState(), { running: 0, waiting: 0, limit: 1 });
  setHelmConcurrency(4);
});
