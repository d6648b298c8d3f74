/**
 * edge-runtime entry of the runtime matrix: a classic fetch-event script (what Vercel's
 * edge-runtime evaluates), bundled as an IIFE with the built root entry inlined.
 */
import { compressRoutes } from '../app/compress'
import { blobRoutes } from '../app/file'
import { fastJsonRoutes } from '../app/fast-json'
import serializer from 'virtual:rk-serializer'
import { rootRoutes } from '../app/root'
import { streamingRoutes } from '../app/streaming'
import { router } from '../app/router'

interface FetchEvent extends Event {
  request: Request
  respondWith(response: Response | Promise<Response>): void
}

const handle = router(
  rootRoutes,
  streamingRoutes,
  blobRoutes,
  fastJsonRoutes(serializer),
  compressRoutes
)
addEventListener('fetch', (event) => {
  const fetchEvent = event as FetchEvent
  fetchEvent.respondWith(handle(fetchEvent.request))
})
