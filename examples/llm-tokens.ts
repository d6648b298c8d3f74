/**
 * LLM token streaming, twice: as plain text (`StreamingResponse`, for `curl -N` and simple
 * clients) and as server-sent events (`SSEResponse`, for a browser's `EventSource`). Tokens
 * come from a local fake model; stop the request and the generator's `finally` runs, which is
 * where a real app would abort its upstream call.
 *
 *   npm run example -- examples/llm-tokens.ts
 *   curl -N 'http://127.0.0.1:PORT/text?prompt=hello'
 *   curl -N 'http://127.0.0.1:PORT/sse?prompt=hello'
 */
import { PlainTextResponse, SSEResponse, StreamingResponse } from 'response-kit'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

let cancelled = 0

async function* tokens(prompt: string, signal: AbortSignal): AsyncGenerator<string> {
  let finished = false
  try {
    yield* generate(prompt, { signal })
    finished = true
  } finally {
    // Runs when the reply is complete and when the client leaves halfway.
    if (!finished) console.log(`client left; stopped generating (${++cancelled} so far)`)
  }
}

/** Turns tokens into SSE events: one `token` event each, then a `done` event. */
async function* events(prompt: string, signal: AbortSignal) {
  let count = 0
  for await (const token of tokens(prompt, signal)) {
    count++
    yield { event: 'token', data: token }
  }
  yield { event: 'done', data: { tokens: count } }
}

await serve('llm-tokens', (request) => {
  const url = new URL(request.url)
  const prompt = url.searchParams.get('prompt') ?? 'hello'
  switch (url.pathname) {
    case '/text':
      return new StreamingResponse(tokens(prompt, request.signal), {
        mediaType: 'text/plain',
        headers: { 'x-content-type-options': 'nosniff' },
      })
    case '/sse':
      // `ping` keeps idle proxies from closing a slow stream; `retry` tells EventSource when
      // to reconnect.
      return new SSEResponse(events(prompt, request.signal), { ping: 15_000, retry: 3_000 })
    default:
      return new PlainTextResponse('try /text?prompt=hi or /sse?prompt=hi', { status: 404 })
  }
})
