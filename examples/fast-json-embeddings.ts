/**
 * A FastJSON embeddings endpoint shaped like OpenAI's `POST /v1/embeddings`: the response
 * class is compiled once from a JSON Schema (`FastJSONResponse.withSchema`), so each request
 * only runs the generated serializer. The schema also redacts: fields it does not list (here
 * the internal `cacheKey`) never reach the client. Vectors are fake but deterministic.
 *
 *   npm run example -- examples/fast-json-embeddings.ts
 *   curl http://127.0.0.1:PORT/v1/embeddings -H 'content-type: application/json' \
 *     -d '{"model":"fake-embed","input":["hello","world"]}'
 */
import { JSONResponse, PlainTextResponse } from 'response-kit'
import { FastJSONResponse } from 'response-kit/fast-json'
import { serve } from './_shared/serve'

const DIMENSIONS = 1536

const EmbeddingsResponse = FastJSONResponse.withSchema({
  type: 'object',
  properties: {
    object: { type: 'string' },
    model: { type: 'string' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          object: { type: 'string' },
          index: { type: 'integer' },
          embedding: { type: 'array', items: { type: 'number' } },
        },
        required: ['object', 'index', 'embedding'],
      },
    },
    usage: {
      type: 'object',
      properties: { prompt_tokens: { type: 'integer' }, total_tokens: { type: 'integer' } },
    },
  },
  required: ['object', 'model', 'data'],
})

/** A unit vector derived from the text (a seeded xorshift), standing in for a real model. */
function embed(text: string): number[] {
  let x = 2166136261
  for (const char of text) x = Math.imul(x ^ char.codePointAt(0)!, 16777619) >>> 0
  const vector = Array.from({ length: DIMENSIONS }, () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return ((x >>> 0) / 0xffffffff) * 2 - 1
  })
  const norm = Math.hypot(...vector)
  return vector.map((v) => v / norm)
}

await serve('fast-json-embeddings', async (request) => {
  const { pathname } = new URL(request.url)
  if (pathname !== '/v1/embeddings' || request.method !== 'POST')
    return new PlainTextResponse('POST /v1/embeddings', { status: 404 })
  let body: { model?: unknown; input?: unknown }
  try {
    body = (await request.json()) as typeof body
  } catch {
    return new JSONResponse({ error: { message: 'invalid JSON body' } }, { status: 400 })
  }
  const input = typeof body.input === 'string' ? [body.input] : body.input
  if (!Array.isArray(input) || !input.every((item) => typeof item === 'string'))
    return new JSONResponse(
      { error: { message: 'input must be a string or an array of strings' } },
      { status: 400 }
    )
  const tokens = input.reduce((sum, text) => sum + text.split(/\s+/).filter(Boolean).length, 0)
  return new EmbeddingsResponse({
    object: 'list',
    model: typeof body.model === 'string' ? body.model : 'fake-embed',
    data: input.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
    cacheKey: 'internal: never sent', // not in the schema, so dropped
  })
})
