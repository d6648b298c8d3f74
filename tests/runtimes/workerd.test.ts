/**
 * workerd: the built root entry bundled into a module worker, served on 127.0.0.1 by a
 * generated config, queried with undici.
 */
import { writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { BUILD_DIR, bundleEntry } from './bundle'
import { compressCases, zlibCodings } from './cases/compress'
import { blobCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, streamingCases } from './cases/streaming'
import { describeRuntime } from './describe-runtime'
import { freePort, runtime, startServer } from './harness'
import { LIFETIME_MS } from './servers/lifetime'

const { bin, version } = runtime('workerd')

/** workerd refuses a compatibility date later than its own build; this one is older. */
const COMPATIBILITY_DATE = '2026-11-01'

function config(workerFile: string): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);

const worker :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "${basename(workerFile)}") ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
);
`
}

describeRuntime(
  `workerd ${version}`,
  async () => {
    const worker = await bundleEntry('workerd', {
      format: 'esm',
      inline: true,
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
    })
    const configFile = join(BUILD_DIR, 'workerd.capnp')
    writeFileSync(configFile, config(worker))
    const port = await freePort()
    // `timeout` stops workerd by itself should the harness never get to close it.
    const args = [String(LIFETIME_MS / 1000), bin, 'serve', configFile]
    return startServer('workerd', 'timeout', [...args, '--socket-addr', `http=127.0.0.1:${port}`], {
      port,
    })
  },
  // crossRequestCases are left out: workerd does not let one request settle another's promise.
  [
    ...rootCases,
    ...streamingCases,
    ...cancellationCases,
    ...blobCases,
    ...fastJsonCases,
    // nodejs_compat gives workerd process.getBuiltinModule and a node:zlib with zstd.
    ...compressCases(
      { codings: zlibCodings(true), flushes: true, crossRequest: false },
      { requestTimersDie: true }
    ),
  ],
  { requestTimersDie: true, noCodeGeneration: true, streamDropsContentLength: true }
)
