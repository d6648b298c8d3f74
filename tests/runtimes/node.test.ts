/**
 * Node 22, then Node 24 (in one file so the two adapter-suite runs, each with its own vitest
 * workers, never compete for the CPU): the adapter suite and the HTTP cases on the built package.
 */
import { blobCases, pathCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeNode } from './describe-node'

const cases = [
  ...rootCases,
  ...streamingCases,
  ...crossRequestCases,
  ...cancellationCases,
  ...blobCases,
  ...pathCases,
  ...fastJsonCases,
]

describeNode('node22', cases)
describeNode('node24', cases)
