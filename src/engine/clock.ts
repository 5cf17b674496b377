import { setTimeout as wait } from "node:timers/promises";

/** Time, injected so that the engine and transport can be tested without waiting. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fire` after `ms` unless the returned function is called first: for guards such as timeouts. */
  setTimer(ms: number, fire: () => void): () => void;
}

/** Node fires a longer timer at once (it clamps it to 1 ms): longer waits are chained from this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    let left = ms;
    do {
      const step = Math.min(left, MAX_TIMER_MS);
      await wait(step, undefined, { signal });
      left -= step;
    } while (left > 0);
  } catch (error) {
    // timers/promises rejects with its own AbortError; callers expect the reason they aborted with.
    throw signal?.aborted ? signal.reason : error;
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep,
  // A plain timer, not a cancelled sleep: every attempt sets one, and an abort builds an error
  // with its stack each time (a tenth of a millisecond per task).
  setTimer: (ms, fire) => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = (left: number) => {
      timer = setTimeout(
        () => (left > MAX_TIMER_MS ? arm(left - MAX_TIMER_MS) : fire()),
        Math.min(left, MAX_TIMER_MS),
      );
    };
    arm(ms);
    return () => clearTimeout(timer);
  },
};
