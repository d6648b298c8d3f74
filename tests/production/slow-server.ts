/**
 * The slow-reader test's server, in its own process so its RSS is the server's alone. Serves
 * one stream of TOTAL bytes in CHUNK-byte chunks with the byte high-water mark HWM, samples
 * `res.writableLength` and RSS, and prints `{ port }` when listening and the peaks as one JSON
 * line when the stream is done.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { StreamingResponse } from '../../src/index'
import { writeResponse } from '../../src/adapters/node'

const TOTAL = Number(process.env.TOTAL)
const CHUNK = Number(process.env.CHUNK)
const HWM = Number(process.env.HWM)
const chunk = new Uint8Array(CHUNK).fill(97)
let peak = 0
let rssBefore = 0
let rssPeak = 0

const server = createServer((req, res) => {
  rssBefore = process.memoryUsage().rss
  const sampler = setInterval(() => {
    peak = Math.max(peak, res.writableLength)
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
  }, 2)
  function* produce() {
    for (let sent = 0; sent < TOTAL; sent += CHUNK) {
      peak = Math.max(peak, res.writableLength)
      yield chunk
    }
  }
  void writeResponse(res, new StreamingResponse(produce()), { highWaterMark: HWM }).then(() => {
    clearInterval(sampler)
    process.stdout.write(JSON.stringify({ peak, growth: rssPeak - rssBefore }) + '\n')
  })
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n')
})
process.on('SIGTERM', () => process.exit(0))
