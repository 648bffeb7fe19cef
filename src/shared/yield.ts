/**
 * bun:sqlite answers synchronously, so a long loop of awaited queries runs on microtasks alone and never lets
 * the event loop take another request: a 1,000-pin import would hold every other request until it ends.
 * Long loops call this every few items to let waiting requests in.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every `every`-th call yields (a counter for a loop). */
export function yielder(every = 20) {
  let n = 0;
  return async () => {
    if (++n % every === 0) await yieldToEventLoop();
  };
}
