/**
 * Node 22, then Node 24 (in one file so the two adapter-suite runs, each with its own vitest
 * workers, never compete for the CPU): the adapter suite and the HTTP cases on the built package.
 */
import { compressCases, nodeHasZstd, zlibCodings } from './cases/compress'
import { blobCases, pathCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeNode } from './describe-node'
import { runtime } from './harness'

const cases = [
  ...rootCases,
  ...streamingCases,
  ...crossRequestCases,
  ...cancellationCases,
  ...blobCases,
  ...pathCases,
  ...fastJsonCases,
]

/** compress() on Node: zlib, flushing per chunk; zstd from Node 22.15 and 23.8 (by version). */
function withCompression(name: 'node22' | 'node24') {
  const zstd = nodeHasZstd(runtime(name).version)
  return [
    ...cases,
    ...compressCases({ codings: zlibCodings(zstd), flushes: true, crossRequest: true }),
  ]
}

describeNode('node22', withCompression('node22'))
describeNode('node24', withCompression('node24'))
