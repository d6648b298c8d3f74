/**
 * The Node writer with instances in eager mode (the mode of Bun, Deno and workerd, where the
 * body reaches the native `Response` at construction): the writer reads our `ReadableStream`
 * like a foreign one, and a failure is still reported once, to the adapter's `onError`.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.resetModules()
const FLAG = Symbol.for('response-kit.lazy')
;(globalThis as Record<symbol, unknown>)[FLAG] = false
const { StreamingResponse } = await import('../../src/streaming')
const { toNodeListener } = await import('../../src/adapters/node')
const { LAZY } = await import('../../src/internal/core/mode')
delete (globalThis as Record<symbol, unknown>)[FLAG]

const servers: Server[] = []
afterAll(() => {
  for (const server of servers) server.close()
})

describe('toNodeListener with eager instances', () => {
  it('runs in eager mode', () => {
    expect(LAZY).toBe(false)
  })

  it('answers 500 when the producer fails before its first chunk (the stream already pulls)', async () => {
    const onError = vi.fn()
    // eslint-disable-next-line require-yield
    async function* early() {
      await new Promise((resolve) => setTimeout(resolve, 5))
      throw new Error('before first')
    }
    const server = createServer(toNodeListener(() => new StreamingResponse(early()), { onError }))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const res = await fetch(`http://127.0.0.1:${port}/`)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ detail: 'Internal Server Error' })
    expect(onError).toHaveBeenCalledOnce()
  })

  it('reports a mid-stream failure once, to the adapter onError, and breaks the response', async () => {
    const onError = vi.fn()
    async function* failing() {
      yield 'a'
      await new Promise((resolve) => setTimeout(resolve, 5))
      throw new Error('mid-stream')
    }
    const server = createServer(toNodeListener(() => new StreamingResponse(failing()), { onError }))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const res = await fetch(`http://127.0.0.1:${port}/`)
    await expect(res.text()).rejects.toThrow()
    await expect.poll(() => onError.mock.calls.length).toBe(1)
    expect(onError.mock.calls[0]![0]).toMatchObject({ message: 'mid-stream' })
  })
})
