/**
 * edge-runtime script for tests/file/edge.test.ts: the ./file entry from src, bundled as an
 * IIFE, serving in-memory sources (no node: module can load here).
 */
import { FileResponse } from '../../src/file'

interface FetchEvent extends Event {
  request: Request
  respondWith(response: Response | Promise<Response>): void
}

const bytes = new TextEncoder().encode('0123456789abcdefghij')

addEventListener('fetch', (event) => {
  const { request } = event as FetchEvent
  const url = new URL(request.url)
  let response: Response
  if (url.pathname === '/blob') {
    const blob = new Blob([bytes], { type: 'text/plain' })
    response = new FileResponse(blob, { filename: 'résumé.txt', mtime: 0 }).prepare(
      request
    ) as Response
  } else if (url.pathname === '/stream') {
    const stream = new Blob([bytes]).stream()
    const file = new FileResponse(stream, { size: bytes.byteLength, filename: 'x.bin' })
    response = file.prepare(request) as Response
  } else response = new FileResponse(bytes).prepare(request) as Response
  ;(event as FetchEvent).respondWith(response)
})
