/** Bun: every class returned natively by Bun.serve, built package, queried with undici. */
import { bundleEntry } from './bundle'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'
import { runtime, startServer } from './harness'

const { bin, version } = runtime('bun')

describeRuntime(
  `bun ${version}`,
  async () => {
    const file = await bundleEntry('bun', { format: 'esm', inline: false, platform: 'node' })
    return startServer('bun', bin, ['run', file])
  },
  [...rootCases, ...streamingCases, ...crossRequestCases, ...cancellationCases]
)
