/**
 * Writes a precompiled (standalone) serializer module: fast-json-stringify's standalone
 * output, turned into a self-contained module with no imports and no code generation, so it
 * runs where `new Function` is forbidden (Vercel Edge, workerd during requests, edge-runtime).
 * fast-json-stringify's own output `require`s `fast-json-stringify/lib/serializer`, which reads
 * `process.versions.v8` at load (a ReferenceError where there is no `process`); here that file
 * is inlined with a guard instead. Build-time only: Node.
 *
 * @internal
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import build from 'fast-json-stringify'
import { planSchema, type JSONSchema } from './plan'
import type { StandaloneOptions } from '../../fast-json-response'

const SERIALIZER_REQUIRE = "const Serializer = require('fast-json-stringify/lib/serializer')"

// Where fast-json-stringify is installed: next to this module (ESM build: import.meta.url;
// CJS build: __filename, where import.meta is empty).
function resolveFrom(): string {
  return typeof __filename === 'string' ? __filename : import.meta.url
}

async function inlinedSerializer(): Promise<string> {
  const require = createRequire(resolveFrom())
  const file = require.resolve('fast-json-stringify/lib/serializer.js')
  const version = (require('fast-json-stringify/package.json') as { version: string }).version
  const source = await readFile(file, 'utf8')
  const V8_REQUIRE = "require('./v8')"
  expectOnce(source, V8_REQUIRE)
  // lib/v8.js reads process.versions.v8 unguarded; edge runtimes have no process.
  const v8 = `(() => {
    const v8 = typeof process === 'object' && process !== null && process.versions ? process.versions.v8 : undefined
    const [major, minor] = String(v8).split('.').map(Number)
    return { HAS_FAST_JSON_STRINGIFY: major * 100 + minor >= 1308 }
  })()`
  const body = source.replace(/^'use strict'\n/, '').replace(V8_REQUIRE, v8)
  return `// fast-json-stringify ${version} lib/serializer.js (MIT, (c) Matteo Collina and contributors), inlined.
const Serializer = (function () {
  const module = { exports: {} }
${body}
  return module.exports
})()
`
}

/** Throws unless `code` contains `fragment` exactly once. */
function expectOnce(code: string, fragment: string): void {
  if (code.split(fragment).length !== 2) {
    throw new Error(`Unexpected fast-json-stringify standalone output (looked for ${fragment})`)
  }
}

/**
 * Returns the source of a precompiled serializer module for `schema`: a self-contained
 * ES module (or CommonJS with `format: 'cjs'`) whose default export serialises like
 * `FastJSONResponse.withSchema(schema)` and needs no imports and no code generation at run
 * time. Pass its default export to `FastJSONResponse.withSerializer`.
 * Rejects with `TypeError` for a schema that uses `anyOf`, `oneOf` or `if`/`then`/`else`:
 * those make fast-json-stringify validate with Ajv at run time, which generates code.
 *
 * @example
 * ```ts
 * import { buildStandalone } from 'response-kit/fast-json'
 * const source = await buildStandalone({ type: 'object', properties: { id: { type: 'integer' } } })
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/fast-json.md | FastJSON guide}
 */
export async function buildStandalone(
  schema: JSONSchema,
  options: StandaloneOptions = {}
): Promise<string> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError('buildStandalone schema must be a JSON Schema object')
  }
  const { format = 'esm', numberArrays, rounding } = options
  if (format !== 'esm' && format !== 'cjs') {
    throw new TypeError(`buildStandalone format must be 'esm' or 'cjs', got ${String(format)}`)
  }
  const planned = planSchema(schema, numberArrays).schema
  const fjsOptions =
    rounding === undefined ? { mode: 'standalone' } : { mode: 'standalone', rounding }
  const code = (build as unknown as (s: object, o: object) => string)(planned, fjsOptions)
  if (
    code.includes('fast-json-stringify/lib/validator') ||
    !code.includes('const validator = null')
  ) {
    throw new TypeError(
      'buildStandalone cannot make an eval-free serializer for this schema: anyOf, oneOf and ' +
        'if/then/else make fast-json-stringify validate with Ajv at run time, which compiles ' +
        'code. Replace them (for example with a type list or separate schemas per shape).'
    )
  }
  expectOnce(code, SERIALIZER_REQUIRE)
  expectOnce(code, 'module.exports = ')
  // `const main = function anonymous(…) {…}(validator, serializer)` is an expression, so the
  // context function runs; `export default function …` would be a bare declaration.
  let body = code.replace(SERIALIZER_REQUIRE, '').replace(/^\s*'use strict'\n/, '')
  body = body.replace('module.exports = ', 'const main = ')
  body += format === 'esm' ? '\nexport default main\n' : '\nmodule.exports = main\n'
  if (/\brequire\(/.test(body)) throw new Error('Unexpected require() in standalone output')
  const header =
    '// Generated by response-kit/fast-json buildStandalone(); do not edit, regenerate.\n' +
    '// Self-contained: no imports and no code generation at run time.\n'
  return `${format === 'cjs' ? "'use strict'\n" : ''}${header}${await inlinedSerializer()}${body}`
}

/**
 * Writes {@link buildStandalone}'s module for `schema` to `file`, creating its folder: run it
 * in a build script on Node, commit or bundle the file, and import it where code generation is
 * forbidden. Rejects with `TypeError` for an empty path or a schema that cannot be compiled
 * eval-free (`anyOf`, `oneOf`, `if`).
 *
 * @example
 * ```ts
 * // scripts/build-serializers.ts, run with `npx tsx scripts/build-serializers.ts`
 * import { writeStandalone } from 'response-kit/fast-json'
 * import { userSchema } from '../src/schemas'
 * await writeStandalone(userSchema, 'src/generated/user-serializer.js')
 * ```
 * @see {@link https://github.com/response-kit/response-kit/blob/main/docs/guides/fast-json.md | FastJSON guide}
 */
export async function writeStandalone(
  schema: JSONSchema,
  file: string,
  options: StandaloneOptions = {}
): Promise<void> {
  if (typeof file !== 'string' || file === '') {
    throw new TypeError('writeStandalone file must be a non-empty path')
  }
  const source = await buildStandalone(schema, options)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, source)
}
