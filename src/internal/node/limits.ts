/**
 * The adapters' slow-client options, checked once when the listener is built
 * (docs/architecture.md, "One writer for Node").
 *
 * @internal
 * @module
 */
import type { PumpLimits } from './pump'

/** The options every Node adapter takes for slow and dead clients. @internal */
export interface LimitOptions {
  highWaterMark?: number | undefined
  stallTimeout?: number | undefined
}

/** Checks the options; `undefined` when neither is set, so the writer keeps its defaults. @internal */
export function limitsOf(options: LimitOptions): PumpLimits | undefined {
  const { highWaterMark, stallTimeout } = options
  if (highWaterMark === undefined && stallTimeout === undefined) return undefined
  if (
    highWaterMark !== undefined &&
    (typeof highWaterMark !== 'number' || !Number.isInteger(highWaterMark) || highWaterMark < 0)
  ) {
    throw new RangeError(
      `options.highWaterMark must be a non-negative integer of bytes, got ${String(highWaterMark)}`
    )
  }
  if (
    stallTimeout !== undefined &&
    (typeof stallTimeout !== 'number' || !Number.isFinite(stallTimeout) || stallTimeout < 0)
  ) {
    throw new RangeError(
      `options.stallTimeout must be a non-negative number of ms, got ${String(stallTimeout)}`
    )
  }
  return { highWaterMark, stallTimeout }
}
