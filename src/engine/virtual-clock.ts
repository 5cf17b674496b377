import type { Clock } from "./clock.js";

/** A pending wait. Sleeps are waits the code chose; timers are guards (timeouts) that fire only when time passes them. */
interface Due {
  at: number;
  sleep: boolean;
  fire: () => void;
}

export interface VirtualClockOptions {
  /** The first reading, in ms since the epoch; default: the real time at creation. */
  start?: number;
  /**
   * Default false: time moves only by advance() and runAll(). When true, a sleep is taken at
   * once if no timer falls due before it; a timer falling first means a call may be in flight
   * (its attempt timeout), so time waits for it to end or for the caller to advance.
   */
  autoAdvance?: boolean;
}

/** A Clock that takes no real time, for tests and the test mode: moved by advance()/runAll() or auto-advance. */
export class VirtualClock implements Clock {
  #now: number;
  readonly #auto: boolean;
  /** In firing order: by time, then by when it was set. */
  readonly #queue: Due[] = [];
  #passQueued = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? Date.now();
    this.#auto = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  /** How many sleeps and timers are waiting. */
  get pending(): number {
    return this.#queue.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.#remove(due);
        reject(signal?.reason);
      };
      const due = this.#add(ms, true, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  setTimer(ms: number, fire: () => void): () => void {
    const due = this.#add(ms, false, fire);
    return () => this.#remove(due);
  }

  /** Moves time forward by `ms`, firing what falls due in time order, each at its own time. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (let next = this.#queue[0]; next && next.at <= until; next = this.#queue[0]) await this.#fire(next);
    this.#now = Math.max(this.#now, until);
  }

  /** Fires everything pending and what that sets in turn; `limit` stops a timer that re-arms forever. */
  async runAll(limit = 10_000): Promise<void> {
    for (let fired = 0; this.#queue.length > 0; fired++) {
      if (fired >= limit)
        throw new Error(`the virtual clock fired ${limit} times and still has waits pending`);
      await this.#fire(this.#queue[0] as Due);
    }
  }

  #add(ms: number, sleep: boolean, fire: () => void): Due {
    const due = { at: this.#now + (ms > 0 ? ms : 0), sleep, fire };
    let i = this.#queue.length;
    while (i > 0 && (this.#queue[i - 1] as Due).at > due.at) i--;
    this.#queue.splice(i, 0, due);
    this.#queuePass();
    return due;
  }

  #remove(due: Due): boolean {
    const i = this.#queue.indexOf(due);
    if (i < 0) return false;
    this.#queue.splice(i, 1);
    // A cancelled timer may have been what held auto-advance back.
    this.#queuePass();
    return true;
  }

  async #fire(due: Due): Promise<void> {
    if (!this.#remove(due)) return;
    this.#now = Math.max(this.#now, due.at);
    due.fire();
    // One turn of the event loop lets what it woke run, and set its next waits, before time moves on.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** After the current turn: fires what is already due (a 0 ms wait), or takes the next sleep in auto mode. */
  #queuePass(): void {
    if (this.#passQueued) return;
    this.#passQueued = true;
    setImmediate(() => {
      this.#passQueued = false;
      const next = this.#queue[0];
      if (next && (next.at <= this.#now || (this.#auto && next.sleep))) void this.#fire(next);
    });
  }
}
