/**
 * The user's Redis client, whichever it is: node-redis (`redis`, v5/v6: `sendCommand(args)`)
 * or ioredis (`call(name, ...args)`), recognised by duck typing, so neither is imported.
 * Replies are normalised from RESP2 arrays and RESP3 maps alike.
 *
 * @internal
 * @module
 */

/** A `redis` (node-redis) or `ioredis` client; only its command method is used. */
export interface RedisLikeClient {
  /** node-redis: `sendCommand(['XADD', …])`; ioredis has one too, taking a `Command`. */
  sendCommand?: unknown
  /** ioredis: `call('XADD', …)`. */
  call?: unknown
  /** Makes a second connection for the subscription loop when none is given. */
  duplicate?: unknown
}

/** Sends one command and resolves its reply. @internal */
export type Exec = (args: readonly string[]) => Promise<unknown>

interface Dynamic {
  call?: (...args: string[]) => Promise<unknown>
  sendCommand?: (args: string[]) => Promise<unknown>
  duplicate?: () => unknown
  connect?: () => Promise<unknown>
  on?: (event: string, listener: (error: unknown) => void) => unknown
  destroy?: () => unknown
  disconnect?: () => unknown
}

/** True for an ioredis client (its `call` takes the command name first). */
function isIORedis(client: Dynamic): boolean {
  return typeof client.call === 'function'
}

/** Wraps `client` as an {@link Exec}; throws `TypeError` for anything else. @internal */
export function toExec(client: unknown, name: string): Exec {
  const c = client as Dynamic | null
  if (c && typeof c.call === 'function') {
    const call = c.call.bind(c)
    return (args) => call(...(args as string[]))
  }
  if (c && typeof c.sendCommand === 'function') {
    const send = c.sendCommand.bind(c)
    return (args) => send(args as string[])
  }
  throw new TypeError(`${name} must be a connected redis (node-redis) or ioredis client`)
}

/** A second connection made from `client`, connected, with an error listener. @internal */
export async function duplicate(client: unknown): Promise<{ exec: Exec; close: () => void }> {
  const c = client as Dynamic
  if (typeof c.duplicate !== 'function') {
    throw new TypeError('options.client has no duplicate(): pass options.subscriber')
  }
  const copy = c.duplicate() as Dynamic
  // Without a listener an 'error' event (a refused reconnect) would crash the process; the
  // loop sees the same failures as rejected commands and retries.
  copy.on?.('error', () => {})
  if (!isIORedis(copy) && typeof copy.connect === 'function') await copy.connect()
  return {
    exec: toExec(copy, 'the duplicated client'),
    close: () => {
      if (typeof copy.destroy === 'function') copy.destroy()
      else copy.disconnect?.()
    },
  }
}

/**
 * `[key, reply]` pairs of an XREAD reply: a RESP2 array of pairs, or a RESP3 map as a `Map`,
 * an object (node-redis) or a flat `[key, reply, key, reply]` array (ioredis 6 with RESP3).
 */
export function streamPairs(reply: unknown): [string, unknown][] {
  if (reply == null) return []
  if (reply instanceof Map) return [...reply.entries()].map(([k, v]) => [String(k), v])
  if (Array.isArray(reply)) {
    if (reply.length > 0 && !Array.isArray(reply[0])) {
      const pairs: [string, unknown][] = []
      for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([String(reply[i]), reply[i + 1]])
      return pairs
    }
    return reply.map((pair) => [String(pair[0]), pair[1]])
  }
  return Object.entries(reply as Record<string, unknown>)
}

/** `[id, fields]` of each stream entry; fields as a flat `[name, value, …]` list. */
export function entryList(reply: unknown): [string, string[]][] {
  if (!Array.isArray(reply)) return []
  return reply.map((entry) => {
    const [id, fields] = entry as [unknown, unknown]
    let flat: string[]
    if (Array.isArray(fields)) flat = fields.map(String)
    else if (fields instanceof Map) flat = [...fields.entries()].flat().map(String)
    else
      flat = Object.entries((fields ?? {}) as Record<string, unknown>)
        .flat()
        .map(String)
    return [String(id), flat]
  })
}
