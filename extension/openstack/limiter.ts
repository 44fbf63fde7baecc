// At most `max` of the functions given to the returned limit run at once; the others wait in order.

export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

export function limiter(max: number): Limit {
  let active = 0;
  const queue: (() => void)[] = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
