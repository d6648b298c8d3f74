/**
 * workerd entry of the runtime matrix: a module worker (export default { fetch }) bundled with
 * the built root entry inlined; served on 127.0.0.1 by the config that workerd.test.ts writes.
 */
import { compressRoutes } from '../app/compress'
import { blobRoutes } from '../app/file'
import { fastJsonRoutes } from '../app/fast-json'
import serializer from 'virtual:rk-serializer'
import { rootRoutes } from '../app/root'
import { streamingRoutes } from '../app/streaming'
import { router } from '../app/router'

export default {
  fetch: router(
    rootRoutes,
    streamingRoutes,
    blobRoutes,
    fastJsonRoutes(serializer),
    compressRoutes
  ),
}
