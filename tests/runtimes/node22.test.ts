/** Node 22: the adapter suite and the HTTP cases on the built package. */
import { blobCases, pathCases } from './cases/file'
import { fastJsonCases } from './cases/fast-json'
import { rootCases } from './cases/root'
import { cancellationCases, crossRequestCases, streamingCases } from './cases/streaming'
import { describeNode } from './describe-node'

describeNode('node22', [
  ...rootCases,
  ...streamingCases,
  ...crossRequestCases,
  ...cancellationCases,
  ...blobCases,
  ...pathCases,
  ...fastJsonCases,
])
