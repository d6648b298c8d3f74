/**
 * The public surface of the BUILT package, entry by entry: the runtime export names of every
 * package.json "exports" subpath, the same for ESM and CJS. A change here is an API change:
 * update EXPECTED on purpose (and the CHANGELOG). Needs dist/ (`npm test` builds first).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const require = createRequire(import.meta.url)

/** Sorted runtime export names per subpath (types are erased; attw checks those). */
const EXPECTED: Record<string, string[]> = {
  '.': [
    'BaseResponse',
    'HTMLResponse',
    'HTTPException',
    'JSONResponse',
    'NDJSONResponse',
    'PlainTextResponse',
    'RedirectResponse',
    'SSEResponse',
    'StreamClosedError',
    'StreamingResponse',
    'defaultResponseClass',
    'isHTTPException',
    'lastEventId',
    'openapiResponse',
    'streamBody',
    'toResponse',
  ],
  './compress': ['compress'],
  './express': ['sendResponse', 'toExpressHandler', 'writeResponse'],
  './fast-json': ['FastJSONResponse', 'buildStandalone', 'writeStandalone'],
  './file': ['FileNotFoundError', 'FileResponse'],
  './hono': ['honoHandler', 'prepareResponses', 'toHonoHandler'],
  './llm': [
    'UIMessageStreamResponse',
    'fromOllama',
    'fromOpenAIChat',
    'fromOpenAIResponses',
    'resumableUIMessageStream',
    'resumeUIMessageStream',
    'toSSE',
    'toTextStream',
    'uiChunksFromOllama',
    'uiChunksFromOpenAIChat',
    'uiChunksFromOpenAIResponses',
  ],
  './node': [
    'StreamClosedError',
    'diagnosticsChannels',
    'toNodeListener',
    'trackStreams',
    'writeResponse',
  ],
  './otel': ['instrumentResponses'],
  './streams': [
    'cancelStream',
    'channel',
    'createMemoryStore',
    'createRedisStore',
    'resumableStream',
  ],
}

/** Runtime conditions a subpath may add (edge builds); each must export the same names. */
const CONDITIONS = ['workerd', 'worker', 'edge-light']

interface Target {
  import: { types: string; default: string }
  require: { types: string; default: string }
  [condition: string]: { types: string; default: string } | Target
}

/** The code entries of package.json "exports" (./package.json left out). */
function entries(): [string, Target][] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  return Object.entries(pkg.exports as Record<string, Target | string>).filter(
    (pair): pair is [string, Target] => typeof pair[1] !== 'string'
  )
}

function names(module: object): string[] {
  return Object.keys(module)
    .filter((name) => name !== 'default' && name !== '__esModule')
    .sort()
}

describe('package exports', () => {
  it('lists exactly the expected subpaths', () => {
    expect(
      entries()
        .map(([subpath]) => subpath)
        .sort()
    ).toEqual(Object.keys(EXPECTED).sort())
  })

  for (const [subpath, target] of entries()) {
    describe(subpath, () => {
      it('exports the expected names from the ESM build', async () => {
        const module = await import(pathToFileURL(join(ROOT, target.import.default)).href)
        expect(names(module)).toEqual(EXPECTED[subpath])
      })

      it('exports the same names from the CJS build', () => {
        const module = require(join(ROOT, target.require.default)) as object
        expect(names(module)).toEqual(EXPECTED[subpath])
      })

      for (const condition of CONDITIONS.filter((c) => c in target)) {
        const edge = target[condition] as Target
        it(`exports the same names under the ${condition} condition (ESM and CJS)`, async () => {
          const esm = await import(pathToFileURL(join(ROOT, edge.import.default)).href)
          expect(names(esm)).toEqual(EXPECTED[subpath])
          expect(names(require(join(ROOT, edge.require.default)) as object)).toEqual(
            EXPECTED[subpath]
          )
        })
      }
    })
  }
})
