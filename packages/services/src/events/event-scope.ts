import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ recorded: number }>();

/**
 * Runs `work` counting the events it records (through recordEvent, in any transaction), so that the API's audit
 * adds a row of its own only for a call that recorded nothing: one event per operation, never none.
 */
export async function countingEvents<T>(work: () => Promise<T>): Promise<{ value: T; recorded: number }> {
  const counter = { recorded: 0 };
  const value = await scope.run(counter, work);
  return { value, recorded: counter.recorded };
}

export function noteEventRecorded(): void {
  const counter = scope.getStore();
  if (counter) counter.recorded += 1;
}
