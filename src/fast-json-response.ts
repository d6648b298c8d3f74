/**
 * `FastJSONResponse` itself, without the compiler: it serialises with a serializer function
 * (compiled from a schema, or precompiled by `buildStandalone`) and falls back to
 * `JSON.stringify` when it has none. The `./fast-json` entry installs the fast-json-stringify
 * compiler; the edge build of that entry does not, so nothing here generates code.
 *
 * @module
 */
import { report } from './internal/core/report'
import { renderJSON } from './internal/core/json'
import { BaseResponse, type BaseResponseInit, type RenderedBody } from './response'
import { findMismatches } from './internal/fast-json/check'
import type { JSONSchema, NumberArrayMode } from './internal/fast-json/plan'

/** A function that turns a value into JSON text, such as a compiled or standalone serializer. */
export type Serializer = (value: unknown) => string

/** Options of the schema compiler (the `./fast-json` entry). */
export interface CompileOptions {
  /**
   * How arrays of numbers (`{ type: 'array', items: { type: 'number' } }`) are written:
   * `'native'` with `JSON.stringify` (no coercion, `NaN` becomes `null`; 2.2× faster than the
   * loop on Node 20 with real data), `'compiled'` with fast-json-stringify's loop (items
   * coerced with `Number()`, `NaN` throws).
   * @defaultValue `'native'`
   */
  numberArrays?: NumberArrayMode
  /**
   * How non-integer values in `integer` fields are rounded (fast-json-stringify's option).
   * @defaultValue `'trunc'`
   */
  rounding?: 'floor' | 'ceil' | 'round' | 'trunc'
}

/** Options of `buildStandalone` / `writeStandalone`. */
export interface StandaloneOptions extends CompileOptions {
  /**
   * Module format of the output: `'esm'` (`export default`) or `'cjs'` (`module.exports`).
   * @defaultValue `'esm'`
   */
  format?: 'esm' | 'cjs'
}

/**
 * What `validate` does with data that does not match the schema: `true` or `'throw'` throws a
 * `TypeError` listing every mismatch; `'report'` passes that error to `onError` and sends what
 * the serializer makes of the data.
 */
export type ValidateMode = boolean | 'throw' | 'report'

/** Options of {@link FastJSONResponse}. */
export interface FastJSONResponseInit extends BaseResponseInit {
  /**
   * JSON Schema to serialise with; compiled on first use and cached by object identity, so
   * pass the same object every time (a literal written in the handler compiles per request).
   * @defaultValue the class's schema (from `withSchema`), else none: `JSON.stringify`
   */
  schema?: JSONSchema
  /**
   * A precompiled serializer (from `buildStandalone`/`writeStandalone`); wins over `schema`.
   * @defaultValue the class's serializer, else none
   */
  serializer?: Serializer
  /**
   * Checks the data against the schema before serialising; for development (it walks the data).
   * @defaultValue `false`
   */
  validate?: ValidateMode
}

type Compiler = (schema: JSONSchema, options?: CompileOptions) => Serializer
let compiler: Compiler | undefined

/** Installs the schema compiler (the `./fast-json` entry does, its edge build does not). @internal */
export function installCompiler(compile: Compiler): void {
  compiler = compile
}

/** Compiles `schema` with the installed compiler, or explains why it cannot. @internal */
export function compile(schema: JSONSchema, options?: CompileOptions): Serializer {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError('FastJSONResponse schema must be a JSON Schema object')
  }
  if (compiler === undefined) {
    throw new TypeError(
      'FastJSONResponse cannot compile a schema on this runtime (code generation is not ' +
        'allowed here): precompile it with writeStandalone() and pass { serializer }'
    )
  }
  return compiler(schema, options)
}

function checkData(
  schema: JSONSchema | undefined,
  content: unknown,
  init: FastJSONResponseInit
): void {
  const mode = init.validate
  if (mode === undefined || mode === false || schema === undefined) return
  const problems = findMismatches(schema, content)
  if (problems.length === 0) return
  const error = new TypeError(
    `FastJSONResponse data does not match its schema: ${problems.join('; ')}`
  )
  if (mode === 'report') report(init.onError, error, { phase: 'adapter' })
  else throw error
}

/** Options of `withSchema`: the compiler's options plus a class-wide `validate`. */
export interface WithSchemaOptions extends CompileOptions {
  /**
   * The class-wide default of the `validate` init option.
   * @defaultValue `false`
   */
  validate?: ValidateMode
}

function serialise(name: string, serialize: Serializer, content: unknown): string {
  let text: unknown
  try {
    text = serialize(content)
  } catch (error) {
    // fast-json-stringify throws a plain Error such as '"id" is required!'.
    const message = error instanceof Error ? error.message : String(error)
    throw new TypeError(`${name} data does not match its schema: ${message}`, { cause: error })
  }
  if (typeof text !== 'string') {
    throw new TypeError(`${name} serializer must return a string, got ${typeof text}`)
  }
  return text
}

/**
 * A JSON `Response` (`content-type: application/json`) serialised by a fast-json-stringify
 * serializer compiled from a JSON Schema. Without a schema or serializer it writes exactly
 * what `JSONResponse` writes. With one, properties not in the schema are dropped (a redaction
 * you can rely on), values are coerced to the schema's types, and a missing `required`
 * property throws a `TypeError` naming it; `validate` reports every mismatch by path. Speed
 * (see the guide): on Node 20 the compiled code beats `JSON.stringify` on objects (1.1–1.3×)
 * and trails it on long lists of records; on newer engines data already in the schema's shape
 * is written by the engine's own `JSON.stringify` (the same bytes), which is faster there.
 * Compilation happens once per schema (`withSchema` at definition time, or a cache keyed by
 * the schema object); where code generation is forbidden (Vercel Edge, workerd during a
 * request, edge-runtime) pass a precompiled `serializer` from `writeStandalone`. Throws
 * `TypeError` for a schema that is not an object or cannot be compiled.
 *
 * @example
 * ```ts
 * import { FastJSONResponse } from 'response-kit/fast-json'
 * const UserResponse = FastJSONResponse.withSchema({
 *   type: 'object',
 *   properties: { id: { type: 'integer' }, name: { type: 'string' } },
 *   required: ['id'],
 * })
 * export default { fetch: () => new UserResponse({ id: 1, name: 'Ada', password: 'x' }) }
 * // body: {"id":1,"name":"Ada"}
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/fast-json.md | FastJSON guide}
 */
export class FastJSONResponse extends BaseResponse {
  static override mediaType: string | null = 'application/json'
  /** The class's JSON Schema (set by `withSchema`; also its OpenAPI schema). */
  static schema: JSONSchema | undefined = undefined
  /** The class's serializer (compiled by `withSchema`, or given to `withSerializer`). */
  static serializer: Serializer | undefined = undefined
  /** The class-wide default of the `validate` option. */
  static validate: ValidateMode = false

  /** The schema `openapiResponse` documents for this class. */
  static get openapiSchema(): JSONSchema | undefined {
    return this.schema
  }

  /**
   * Returns a subclass bound to `schema`, compiled now (once), not per request. Throws
   * `TypeError` when the schema is invalid or this runtime cannot compile.
   */
  static withSchema<T extends typeof FastJSONResponse>(
    this: T,
    schema: JSONSchema,
    options: WithSchemaOptions = {}
  ): T {
    const { validate, ...compileOptions } = options
    const serializer = compile(schema, compileOptions)
    return bind(this, schema, serializer, validate)
  }

  /**
   * Returns a subclass that serialises with `serializer` (such as a standalone module's
   * default export); `schema`, when given, is used by `validate` and `openapiResponse`.
   */
  static withSerializer<T extends typeof FastJSONResponse>(
    this: T,
    serializer: Serializer,
    schema?: JSONSchema
  ): T {
    if (typeof serializer !== 'function') {
      throw new TypeError('FastJSONResponse serializer must be a function')
    }
    return bind(this, schema, serializer, undefined)
  }

  /** Serialises `content` with the init's or the class's serializer; see the class. */
  static override render(content: unknown, init: FastJSONResponseInit): RenderedBody {
    let serialize = init.serializer
    if (serialize !== undefined && typeof serialize !== 'function') {
      throw new TypeError(`${this.name} init.serializer must be a function`)
    }
    if (serialize === undefined && init.schema !== undefined) serialize = compile(init.schema)
    serialize ??= this.serializer
    const schema = init.schema ?? this.schema
    const validate = init.validate ?? this.validate
    // Only a validating response pays for the merged init (an object per request otherwise).
    if (validate !== undefined && validate !== false) {
      checkData(schema, content, { ...init, validate })
    }
    if (serialize === undefined) return renderJSON(content)
    return serialise(this.name, serialize, content)
  }

  /**
   * @param content - the data to serialise
   * @param init - status, headers, `schema`, `serializer`, `validate` and response-kit options
   */
  constructor(content?: unknown, init?: FastJSONResponseInit) {
    super(content, init)
  }
}

function bind<T extends typeof FastJSONResponse>(
  base: T,
  schema: JSONSchema | undefined,
  serializer: Serializer,
  validate: ValidateMode | undefined
): T {
  const Base = base as typeof FastJSONResponse
  const Bound = class extends Base {
    static override schema = schema ?? Base.schema
    static override serializer: Serializer | undefined = serializer
    static override validate: ValidateMode = validate ?? Base.validate
  }
  Object.defineProperty(Bound, 'name', { value: base.name })
  return Bound as unknown as T
}
