/**
 * The keep-alive clock of a stream: while a reader waits on a silent source, resolves with
 * `PING` once `ms` have passed since the last chunk. One timer per interval, never one per
 * chunk (a timer per chunk cost about a tenth of SSE throughput), and `stop()` clears it, so
 * no timer outlives its stream.
 *
 * @internal
 * @module
 */

/** What {@link Heartbeat.wait} resolves with when the silence has lasted long enough. @internal */
export const PING: unique symbol = Symbol('ping')

/** @internal */
export class Heartbeat {
  private timer: ReturnType<typeof setTimeout> | undefined
  private waiter: ((value: typeof PING) => void) | null = null
  private last = Date.now()
  private stopped = false

  constructor(private readonly ms: number) {}

  /** Resolves with `item`, or with `PING` if `ms` pass since the last chunk first. */
  wait<T>(item: Promise<T>): Promise<T | typeof PING> {
    return new Promise<T | typeof PING>((resolve, reject) => {
      this.waiter = resolve
      item.then(resolve, reject)
      this.arm()
    })
  }

  /** Marks a chunk as sent: the silence starts again. */
  sent(): void {
    this.last = Date.now()
    this.waiter = null
  }

  /** Clears the timer for good. */
  stop(): void {
    this.stopped = true
    this.waiter = null
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private arm(): void {
    if (this.timer !== undefined || this.stopped) return
    this.timer = setTimeout(this.tick, Math.max(0, this.last + this.ms - Date.now()))
  }

  private readonly tick = (): void => {
    this.timer = undefined
    // Nobody waiting (the reader is slow, not the source): re-armed by the next wait().
    if (this.waiter === null || this.stopped) return
    if (this.last + this.ms > Date.now()) return this.arm()
    const waiter = this.waiter
    this.waiter = null
    waiter(PING)
  }
}
