/**
 * The edge build of `'response-kit/fast-json'`, chosen by the `workerd`, `worker` and
 * `edge-light` export conditions: the same exports, without fast-json-stringify's compiler
 * (which needs `new Function`). `FastJSONResponse` works without a schema and with
 * precompiled serializers; compiling a schema or building a standalone module throws a
 * `TypeError` that says to precompile on Node.
 *
 * @module response-kit/fast-json (edge)
 */
import type { JSONSchema } from './internal/fast-json/plan'
import type { StandaloneOptions } from './fast-json-response'

export { FastJSONResponse } from './fast-json-response'
export type {
  CompileOptions,
  FastJSONResponseInit,
  Serializer,
  StandaloneOptions,
  ValidateMode,
  WithSchemaOptions,
} from './fast-json-response'
export type { JSONSchema, NumberArrayMode } from './internal/fast-json/plan'

const BUILD_TIME_ONLY =
  'runs at build time on Node (it compiles code); this is the edge build of response-kit/fast-json'

/** Build-time only: rejects with a `TypeError` here (see the Node build). */
export async function buildStandalone(
  _schema: JSONSchema,
  _options?: StandaloneOptions
): Promise<string> {
  throw new TypeError(`buildStandalone ${BUILD_TIME_ONLY}`)
}

/** Build-time only: rejects with a `TypeError` here (see the Node build). */
export async function writeStandalone(
  _schema: JSONSchema,
  _file: string,
  _options?: StandaloneOptions
): Promise<void> {
  throw new TypeError(`writeStandalone ${BUILD_TIME_ONLY}`)
}
