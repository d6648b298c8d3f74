/**
 * The precompiled path where code generation is forbidden: edge-runtime (Vercel's Edge
 * runtime in a VM with `codeGeneration: { strings: false }`). Bundles are built with esbuild
 * from src, like a user's bundler would, and evaluated inside the VM.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { EdgeRuntime } from 'edge-runtime'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FastJSONResponse, buildStandalone, writeStandalone } from '../src/fast-json'

const ROOT = resolve(import.meta.dirname, '..')
const schema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    embedding: { type: 'array', items: { type: 'number' } },
    created: { type: 'string', format: 'date-time' },
  },
  required: ['id'],
}
const samples = [
  { id: 1, name: 'Ada', password: 'dropped', embedding: [0.1, -2.5e-8, 3] },
  { id: '2', name: 'Zoë "quoted"\n🚀', embedding: [] },
  { id: 3, created: '2026-11-21T12:00:00.000Z' },
]

let dir: string
let serializerFile: string

async function bundle(contents: string, compilerStub = false): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: dir, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
    // fast-json-stringify's compiler reads `process` at load (lib/v8.js and its
    // dependencies); a stub lets it get as far as code generation. Our own code needs none.
    banner: { js: compilerStub ? 'var process = { env: {}, versions: { v8: "13.0" } };' : '' },
  })
  return result.outputFiles[0]!.text
}

function edge(code: string): EdgeRuntime {
  const runtime = new EdgeRuntime()
  runtime.evaluate(code)
  return runtime
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rk-fast-json-'))
  serializerFile = join(dir, 'generated', 'user-serializer.js')
  await writeStandalone(schema, serializerFile)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('FastJSONResponse', () => {
  describe('in edge-runtime (code generation forbidden)', () => {
    it('has new Function and eval forbidden there', () => {
      const runtime = new EdgeRuntime()
      expect(() => runtime.evaluate('new Function("return 1")')).toThrow(/Code generation/)
      expect(() => runtime.evaluate('eval("1")')).toThrow(/Code generation/)
      expect(runtime.evaluate('typeof process')).toBe('undefined')
    })

    it('serialises with a precompiled serializer, byte for byte as the Node compiler', async () => {
      const code = await bundle(`
        import { FastJSONResponse } from ${JSON.stringify(join(ROOT, 'src/fast-json.edge.ts'))}
        import serialize from ${JSON.stringify(serializerFile)}
        const UserResponse = FastJSONResponse.withSerializer(serialize)
        globalThis.run = async (data) => {
          const res = new UserResponse(data, { status: 201 })
          return JSON.stringify([res.status, res.headers.get('content-type'), await res.text()])
        }
      `)
      const runtime = edge(code)
      const Compiled = FastJSONResponse.withSchema(schema, { numberArrays: 'native' })
      for (const sample of samples) {
        const out = JSON.parse(await runtime.evaluate(`run(${JSON.stringify(sample)})`))
        expect(out).toEqual([201, 'application/json', await new Compiled(sample).text()])
      }
    })

    it('throws the missing-required TypeError from the precompiled serializer too', async () => {
      const code = await bundle(`
        import { FastJSONResponse } from ${JSON.stringify(join(ROOT, 'src/fast-json.edge.ts'))}
        import serialize from ${JSON.stringify(serializerFile)}
        const UserResponse = FastJSONResponse.withSerializer(serialize)
        globalThis.run = () => { try { new UserResponse({ name: 'x' }); return 'no error' } catch (e) { return e.name + ': ' + e.message } }
      `)
      expect(edge(code).evaluate('run()')).toMatch(/^TypeError: .*"id" is required/)
    })

    it('fails to compile a schema there, through the edge build and through the compiler', async () => {
      const code = await bundle(
        `
        import { FastJSONResponse as Edge } from ${JSON.stringify(join(ROOT, 'src/fast-json.edge.ts'))}
        import { FastJSONResponse, installCompiler } from ${JSON.stringify(join(ROOT, 'src/fast-json-response.ts'))}
        import { compileSchema } from ${JSON.stringify(join(ROOT, 'src/internal/fast-json/compile.ts'))}
        const attempt = (f) => { try { f(); return 'compiled' } catch (e) { return e.name + ': ' + e.message + ' / cause: ' + (e.cause && e.cause.name) } }
        globalThis.edgeBuild = () => attempt(() => Edge.withSchema({ type: 'object' }))
        globalThis.compiler = () => { installCompiler(compileSchema); return attempt(() => FastJSONResponse.withSchema({ type: 'object' })) }
      `,
        true
      )
      const runtime = edge(code)
      expect(runtime.evaluate('edgeBuild()')).toMatch(
        /^TypeError: .*cannot compile a schema on this runtime/
      )
      expect(runtime.evaluate('compiler()')).toMatch(
        /^TypeError: .*code generation is not allowed here.*cause: EvalError$/
      )
    })

    it('fails with fast-json-stringify own standalone output, which reads process at load', async () => {
      const fjs = createRequire(import.meta.url)('fast-json-stringify') as (
        s: object,
        o: object
      ) => string
      const raw = join(dir, 'raw-standalone.cjs')
      await import('node:fs/promises').then((fs) =>
        fs.writeFile(raw, fjs(schema, { mode: 'standalone' }))
      )
      const result = await build({
        entryPoints: [raw],
        bundle: true,
        write: false,
        format: 'iife',
        platform: 'browser',
        nodePaths: [join(ROOT, 'node_modules')],
        logLevel: 'silent',
      })
      expect(() => edge(result.outputFiles[0]!.text)).toThrow(/process is not defined/)
    })
  })

  describe('export conditions (built package: npm test builds dist first)', () => {
    async function bundlePackage(conditions: string[]) {
      const result = await build({
        stdin: {
          contents:
            "import { FastJSONResponse } from 'response-kit/fast-json'; globalThis.F = FastJSONResponse",
          resolveDir: ROOT,
        },
        // Ignore tsconfig paths (they map response-kit/* to src/): resolve through package.json.
        tsconfigRaw: '{}',
        bundle: true,
        write: false,
        format: 'esm',
        platform: conditions.length > 0 ? 'browser' : 'node',
        conditions,
        metafile: true,
        logLevel: 'silent',
      })
      return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) }
    }

    for (const conditions of [['workerd', 'worker'], ['worker'], ['edge-light']]) {
      it(`resolves to the compiler-free build under ${conditions.join(' + ')}`, async () => {
        const { code, inputs } = await bundlePackage(conditions)
        expect(inputs).toContain('dist/fast-json.edge.js')
        expect(inputs.some((input) => input.includes('fast-json-stringify'))).toBe(false)
        expect(code).not.toMatch(/new Function/)
      })
    }

    it('resolves to the build with the compiler (and Ajv) on Node', async () => {
      const { code, inputs } = await bundlePackage([])
      expect(inputs).toContain('dist/fast-json.js')
      expect(inputs).toContain('node_modules/fast-json-stringify/index.js')
      expect(code).toMatch(/new Function/)
    })
  })

  describe('buildStandalone', () => {
    it('returns a module with no imports, requires or code generation', async () => {
      const source = await readFile(serializerFile, 'utf8')
      expect(source).not.toMatch(/^\s*import\s/m)
      expect(source).not.toMatch(/\brequire\(\s*['"]/)
      expect(source).not.toMatch(/new Function|\beval\(/)
      expect(source).toMatch(/^export default main$/m)
    })

    it('writes CommonJS with format "cjs" that Node can require', async () => {
      const file = join(dir, 'user.cjs')
      await writeStandalone(schema, file, { format: 'cjs' })
      const serialize = createRequire(import.meta.url)(file) as (value: unknown) => string
      expect(serialize(samples[0])).toBe('{"id":1,"name":"Ada","embedding":[0.1,-2.5e-8,3]}')
    })

    it('rejects anyOf, oneOf and if/then/else with a TypeError naming them', async () => {
      for (const bad of [
        { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        { type: 'object', properties: { a: { oneOf: [{ type: 'string' }, { type: 'null' }] } } },
        {
          type: 'object',
          if: { required: ['a'] },
          then: { properties: { a: { type: 'string' } } },
        },
      ]) {
        await expect(buildStandalone(bad)).rejects.toThrow(/anyOf, oneOf and if\/then\/else/)
      }
    })

    it('rejects a schema that is not an object, an unknown format and an empty path', async () => {
      await expect(buildStandalone(null as never)).rejects.toThrow(TypeError)
      await expect(buildStandalone(schema, { format: 'umd' as never })).rejects.toThrow(/format/)
      await expect(writeStandalone(schema, '')).rejects.toThrow(/non-empty path/)
    })
  })
})
