import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fetch } from 'undici'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toNodeListener, type FetchHandler } from '../../src/adapters/node'
import type { ErrorContext } from '../../src/index'
import { FileResponse } from '../../src/file'

const servers: Server[] = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

async function serve(handler: FetchHandler, onError?: (e: unknown, c: ErrorContext) => void) {
  const server = createServer(toNodeListener(handler, onError ? { onError } : {}))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A 100-byte source that sends 10 bytes, then fails like a disk read. */
function failingSource(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new Uint8Array(10))
    },
    pull(controller) {
      controller.error(new Error('disk failed'))
    },
  })
}

describe('FileResponse', () => {
  describe('a source failing mid-stream on the Node adapter', () => {
    it('breaks the response and reports once to the response onError', async () => {
      const own: [unknown, ErrorContext][] = []
      const adapter: unknown[] = []
      const url = await serve(
        () =>
          new FileResponse(failingSource(), {
            size: 100,
            onError: (error, context) => own.push([error, context]),
          }),
        (error) => adapter.push(error)
      )
      const res = await fetch(url)
      expect(res.status).toBe(200)
      await expect(res.arrayBuffer()).rejects.toThrow()
      await vi.waitFor(() => expect(own).toHaveLength(1))
      expect((own[0]![0] as Error).message).toBe('disk failed')
      expect(own[0]![1]).toEqual({ phase: 'stream' })
      expect(adapter).toEqual([])
    })

    it('reports once to the response onError for a 206 built by prepare', async () => {
      const own: unknown[] = []
      const adapter: unknown[] = []
      const url = await serve(
        (request) =>
          new FileResponse(failingSource(), {
            size: 100,
            onError: (error) => own.push(error),
          }).prepare(request),
        (error) => adapter.push(error)
      )
      const res = await fetch(url, { headers: { range: 'bytes=0-49' } })
      expect(res.status).toBe(206)
      await expect(res.arrayBuffer()).rejects.toThrow()
      await vi.waitFor(() => expect(own).toHaveLength(1))
      expect((own[0] as Error).message).toBe('disk failed')
      expect(adapter).toEqual([])
    })

    it('reports once to the adapter onError when the response has none', async () => {
      const adapter: [unknown, ErrorContext][] = []
      const url = await serve(
        () => new FileResponse(failingSource(), { size: 100 }),
        (error, context) => adapter.push([error, context])
      )
      const res = await fetch(url)
      await expect(res.arrayBuffer()).rejects.toThrow()
      await vi.waitFor(() => expect(adapter).toHaveLength(1))
      expect((adapter[0]![0] as Error).message).toBe('disk failed')
      expect(adapter[0]![1]).toEqual({ phase: 'stream' })
    })

    it('reports once to console.error when neither has onError', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
      const url = await serve(() => new FileResponse(failingSource(), { size: 100 }))
      const res = await fetch(url)
      await expect(res.arrayBuffer()).rejects.toThrow()
      await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(1))
      expect(String(logged.mock.calls[0]![0])).toContain('stream error')
      expect((logged.mock.calls[0]![1] as Error).message).toBe('disk failed')
    })
  })

  describe('a source failing mid-stream read through body', () => {
    it('reports once to the response onError', async () => {
      const own: unknown[] = []
      const response = new FileResponse(failingSource(), {
        size: 100,
        onError: (error) => own.push(error),
      })
      await expect(response.arrayBuffer()).rejects.toThrow('disk failed')
      expect(own.map((error) => (error as Error).message)).toEqual(['disk failed'])
    })
  })
})
