/**
 * Ollama-style NDJSON: `POST /api/generate` streams one JSON object per line, as Ollama does
 * (`{"model","created_at","response","done"}`, then a final line with `done: true` and
 * counts). `NDJSONResponse` writes each object as it is produced. `GET /relay` is the other
 * side: a client of that API (this server itself, or a real Ollama at `OLLAMA_URL`) whose
 * stream `fromOllama` parses and `toTextStream` relays as plain text.
 *
 *   npm run example -- examples/ollama-ndjson.ts
 *   curl -N http://127.0.0.1:PORT/api/generate -d '{"model":"fake","prompt":"hello"}'
 *   curl -N 'http://127.0.0.1:PORT/relay?prompt=hello'
 */
import { JSONResponse, NDJSONResponse, PlainTextResponse } from 'response-kit'
import { fromOllama, toTextStream } from 'response-kit/llm'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

interface GenerateRequest {
  model?: unknown
  prompt?: unknown
}

async function* ollamaLines(model: string, prompt: string, signal: AbortSignal) {
  const started = performance.now()
  let count = 0
  for await (const token of generate(prompt, { signal })) {
    count++
    yield { model, created_at: new Date().toISOString(), response: token, done: false }
  }
  yield {
    model,
    created_at: new Date().toISOString(),
    response: '',
    done: true,
    done_reason: 'stop',
    eval_count: count,
    total_duration: Math.round((performance.now() - started) * 1e6), // nanoseconds, like Ollama
  }
}

await serve('ollama-ndjson', async (request) => {
  const url = new URL(request.url)
  if (url.pathname === '/relay') {
    const upstream = await fetch(process.env.OLLAMA_URL ?? `${url.origin}/api/generate`, {
      method: 'POST',
      body: JSON.stringify({ model: 'fake', prompt: url.searchParams.get('prompt') ?? 'hello' }),
      signal: request.signal,
    })
    return toTextStream(fromOllama(upstream))
  }
  if (url.pathname !== '/api/generate' || request.method !== 'POST')
    return new PlainTextResponse('POST /api/generate', { status: 404 })
  let body: GenerateRequest
  try {
    body = (await request.json()) as GenerateRequest
  } catch {
    return new JSONResponse({ error: 'invalid JSON body' }, { status: 400 })
  }
  if (typeof body.prompt !== 'string')
    return new JSONResponse({ error: 'prompt must be a string' }, { status: 400 })
  const model = typeof body.model === 'string' ? body.model : 'fake'
  return new NDJSONResponse(ollamaLines(model, body.prompt, request.signal))
})
