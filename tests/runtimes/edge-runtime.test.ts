/**
 * edge-runtime (Vercel): the built root entry bundled into a fetch-event script, evaluated by
 * EdgeRuntime and served on 127.0.0.1 by its runServer, queried with undici.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { EdgeRuntime, runServer } from 'edge-runtime'
import { bundleEntry } from './bundle'
import { compressCases } from './cases/compress'
import { blobCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'

const { version } = createRequire(import.meta.url)('edge-runtime/package.json') as {
  version: string
}

describeRuntime(
  `edge-runtime ${version}`,
  async () => {
    const file = await bundleEntry('edge-runtime', {
      format: 'iife',
      inline: true,
      platform: 'browser',
      conditions: ['edge-light', 'worker', 'browser'],
    })
    const runtime = new EdgeRuntime({ initialCode: readFileSync(file, 'utf8') })
    const server = await runServer({ runtime, host: '127.0.0.1', port: 0 })
    return { url: server.url, output: () => '', close: () => server.close() }
  },
  [
    ...rootCases,
    ...streamingCases,
    ...crossRequestCases,
    ...cancellationCases,
    ...blobCases,
    ...fastJsonCases,
    // edge-runtime has neither process nor CompressionStream: compress() sends bodies as they are.
    ...compressCases({ codings: [], flushes: false, crossRequest: true }),
  ],
  { dropsContentLength: true, noCodeGeneration: true }
)
