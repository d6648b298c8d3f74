/**
 * Drains what is left of a request body once the response has finished, so the next request
 * on a keep-alive connection is not stuck behind unread bytes, but only so far: past
 * `maxBytes` or `maxMs` the connection is closed instead (the limits node-server's
 * `autoCleanupIncoming` uses: 64 MiB and 500 ms).
 *
 * @internal
 * @module
 */
import type { LazyFields } from './request'
import type { NodeRequest, NodeResponse } from './types'

/** Limits for draining an unread request body. @internal */
interface DrainLimits {
  /** Most bytes read and thrown away before the connection is closed instead. */
  maxBytes: number
  /** Longest time spent draining before the connection is closed instead. */
  maxMs: number
}

/** The default limits (node-server's). @internal */
const DRAIN_LIMITS: DrainLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 500 }

function drain(req: NodeRequest, limits: DrainLimits): void {
  if (req.complete || req.destroyed) return
  let bytes = 0
  const stop = (): void => {
    cleanup()
    // The response is out ('finish'): close once it is flushed, without reading the rest.
    const socket = req.socket as { destroySoon?: () => void; destroy: () => void } | null
    if (socket?.destroySoon) socket.destroySoon()
    else req.destroy()
  }
  const onData = (chunk: Uint8Array): void => {
    bytes += chunk.byteLength
    if (bytes > limits.maxBytes) stop()
  }
  const timer = setTimeout(stop, limits.maxMs)
  timer.unref()
  const cleanup = (): void => {
    clearTimeout(timer)
    req.off('data', onData)
    req.off('end', cleanup)
    req.off('close', cleanup)
  }
  req.on('data', onData)
  req.once('end', cleanup)
  req.once('close', cleanup)
  req.resume()
}

/**
 * Arranges the drain for a request whose method may carry a body; GET and HEAD bodies are
 * left to Node's own `_dump`.
 * @internal
 */
export function drainAfterFinish(req: NodeRequest, res: NodeResponse, fields: LazyFields): void {
  const method = req.method
  if (method === 'GET' || method === 'HEAD' || 'stream' in req) return
  res.once('finish', () => {
    fields.release?.()
    drain(req, DRAIN_LIMITS)
  })
}
