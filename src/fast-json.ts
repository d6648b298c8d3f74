/**
 * `FastJSONResponse`: JSON responses serialised by fast-json-stringify from a JSON Schema,
 * plus {@link buildStandalone}/{@link writeStandalone} to precompile serializers.
 * Import from `'response-kit/fast-json'`. Compiling uses `new Function`, so it runs on Node,
 * Deno and Bun (and workerd at start-up); under the `workerd`, `worker` and `edge-light`
 * export conditions this entry resolves to a build without the compiler, where only
 * precompiled serializers (or no schema) work.
 *
 * @module response-kit/fast-json
 */
import { compileSchema } from './internal/fast-json/compile'
import { installCompiler } from './fast-json-response'

installCompiler(compileSchema)

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
export { buildStandalone, writeStandalone } from './internal/fast-json/standalone'
