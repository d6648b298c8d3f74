/**
 * Routes for `response-kit/compress` (cases/compress.ts checks them): `compress(response,
 * request)` called by the route itself, as a native runtime's user does. Gates and close
 * records are those of the streaming routes (/release, /closed).
 */
import { JSONResponse, SSEResponse, StreamingResponse } from 'response-kit'
import { compress } from 'response-kit/compress'
import { type Routes, sampleLines, sampleRecords } from './router'
import { endlessTicks, gate, idOf } from './streaming'

export const compressRoutes: Routes = {
  '/compress/json': (request) => compress(new JSONResponse(sampleRecords(500)), request),
  '/compress/stream': (request) =>
    compress(
      new StreamingResponse(
        (async function* () {
          for (const line of sampleLines(40)) yield line
        })(),
        { mediaType: 'text/plain' }
      ),
      request
    ),
  // Event 0, then nothing until /release?id=: the client can only decode event 0 if the
  // compressor flushed it.
  '/compress/sse-gated': (request) => {
    const id = idOf(request)
    return compress(
      new SSEResponse(
        (async function* () {
          yield { id: '0', data: 'first' }
          await gate(id)
          yield { id: '1', data: 'second' }
        })(),
        { ping: 0 }
      ),
      request
    )
  },
  '/compress/sse-endless': (request) => compress(endlessTicks(idOf(request)), request),
}
