/** Deno: every class returned natively by Deno.serve, built package, queried with undici. */
import { bundleEntry } from './bundle'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'
import { runtime, startServer } from './harness'

const { bin, version } = runtime('deno')

describeRuntime(
  `deno ${version}`,
  async () => {
    const file = await bundleEntry('deno', { format: 'esm', inline: false, platform: 'node' })
    const permissions = ['--allow-net=127.0.0.1', '--allow-read', '--allow-env']
    return startServer('deno', bin, ['run', '--quiet', ...permissions, file], {
      env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    })
  },
  [...rootCases, ...streamingCases, ...crossRequestCases, ...cancellationCases]
)
