/** Deno: every class returned natively by Deno.serve, built package, queried with undici. */
import { bundleEntry } from './bundle'
import { compressCases, zlibCodings } from './cases/compress'
import { blobCases, pathCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'
import { FIXTURE } from './fixture'
import { runtime, startServer } from './harness'

const { bin, version } = runtime('deno')

describeRuntime(
  `deno ${version}`,
  async () => {
    const file = await bundleEntry('deno', {
      format: 'esm',
      inline: false,
      platform: 'node',
      conditions: ['deno', 'node'],
    })
    const permissions = ['--allow-net=127.0.0.1', '--allow-read', '--allow-env']
    return startServer('deno', bin, ['run', '--quiet', ...permissions, file], {
      env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', RK_FIXTURE: FIXTURE },
    })
  },
  [
    ...rootCases,
    ...streamingCases,
    ...crossRequestCases,
    ...cancellationCases,
    ...blobCases,
    ...pathCases,
    ...fastJsonCases,
    // compress() reaches node:zlib through process.getBuiltinModule; Deno 2.9's node:zlib has zstd (createZstdCompress, ZSTD_e_flush).
    ...compressCases({ codings: zlibCodings(true), flushes: true, crossRequest: true }),
  ]
)
