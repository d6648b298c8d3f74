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
    response = new FileResponse(blob, { request, filename: 'résumé.txt', mtime: 0 })
  } else if (url.pathname === '/stream') {
    const stream = new Blob([bytes]).stream()
    response = new FileResponse(stream, { request, size: bytes.byteLength, filename: 'x.bin' })
  } else response = new FileResponse(bytes, { request })
  ;(event as FetchEvent).respondWith(response)
})
