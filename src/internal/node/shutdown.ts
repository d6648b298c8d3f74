/**
 * The registry of open streams per server, for graceful shutdown (docs/architecture.md,
 * "Close reasons": `shutdown`). The pump looks a server up only once any server is tracked,
 * so untracked servers pay one boolean check per streaming response.
 *
 * @internal
 * @module
 */
import type { NodeResponse } from './types'

/** What the registry needs of an open stream: the pump. @internal */
export interface Cuttable {
  /** Ends the stream now with reason `shutdown`; SSE gets a `retry:` line and ends cleanly. */
  shutdown(retry: number): void
}

/** The open streams of one server. @internal */
export class StreamSet {
  readonly open = new Set<Cuttable>()
  /** Set once draining began: a stream that starts now is cut at once. */
  retry: number | undefined
  /** Called whenever the set becomes empty. */
  emptied: (() => void) | undefined

  add(stream: Cuttable): void {
    if (this.retry !== undefined) return stream.shutdown(this.retry)
    this.open.add(stream)
  }

  delete(stream: Cuttable): void {
    if (this.open.delete(stream) && this.open.size === 0) this.emptied?.()
  }
}

/**
 * One registry per process, shared by every copy of this module (each built entry, such as
 * `response-kit/node` and `response-kit/express`, carries its own).
 */
interface Registry {
  readonly sets: WeakMap<object, StreamSet>
  /** True once any server is tracked. */
  tracking: boolean
}
const KEY = Symbol.for('response-kit.streams')
/** The process-wide registry. @internal */
export const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[KEY] ??= {
  sets: new WeakMap(),
  tracking: false,
})

/** The set for `server`, made on first use. @internal */
export function streamsOf(server: object): StreamSet {
  let set = registry.sets.get(server)
  if (set === undefined) registry.sets.set(server, (set = new StreamSet()))
  registry.tracking = true
  return set
}

/** The set of the server `res` came in on, when that server is tracked. @internal */
export function setFor(res: NodeResponse): StreamSet | undefined {
  // HTTP/1: the socket knows its server; HTTP/2's compat response reaches it through the
  // session's socket.
  const socket = (res as { socket?: { server?: object } | null }).socket
  const server =
    socket?.server ??
    (res as { stream?: { session?: { socket?: { server?: object } } } }).stream?.session?.socket
      ?.server
  return server === undefined ? undefined : registry.sets.get(server)
}
