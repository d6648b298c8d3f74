/** Bun: every class returned natively by Bun.serve, built package, queried with undici. */
import { bundleEntry } from './bundle'
import { compressCases, zlibCodings } from './cases/compress'
import { blobCases, bunCases, pathCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'
import { FIXTURE } from './fixture'
import { runtime, startServer } from './harness'

const { bin, version } = runtime('bun')

describeRuntime(
  `bun ${version}`,
  async () => {
    const file = await bundleEntry('bun', {
      format: 'esm',
      inline: false,
      platform: 'node',
      conditions: ['bun', 'node'],
    })
    return startServer('bun', bin, ['run', file], { env: { RK_FIXTURE: FIXTURE } })
  },
  [
    ...rootCases,
    ...streamingCases,
    ...crossRequestCases,
    ...cancellationCases,
    ...blobCases,
    ...pathCases,
    ...bunCases,
    ...fastJsonCases,
    // compress() reaches node:zlib through process.getBuiltinModule; Bun 1.4's node:zlib has zstd (createZstdCompress, ZSTD_e_flush).
    ...compressCases({ codings: zlibCodings(true), flushes: true, crossRequest: true }),
  ],
  { streamDropsContentLength: true, streamGainsContentLength: true, addsOctetStream: true }
)
