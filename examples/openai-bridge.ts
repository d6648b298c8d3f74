/**
 * An OpenAI-Responses-style bridge: the server calls an upstream model API that streams
 * Responses API events (`response.output_text.delta`, `response.completed`, `error`), and
 * relays the text to its own clients as SSE (`toSSE`) or plain text (`toTextStream`). The
 * upstream here is a local fake speaking the same wire format, so the example runs offline;
 * point `UPSTREAM_URL` at `https://api.openai.com/v1/responses` (with a key) for the real one.
 * When a client leaves, the upstream request is aborted too.
 *
 *   npm run example -- examples/openai-bridge.ts
 *   curl -N 'http://127.0.0.1:PORT/chat?prompt=hello'          → data: {"content":"…"} … {"done":true}
 *   curl -N 'http://127.0.0.1:PORT/chat.txt?prompt=hello'      → the text as it streams
 *   curl -N 'http://127.0.0.1:PORT/chat?prompt=fail'           → data: {"error":{…}}
 *   curl -i 'http://127.0.0.1:PORT/chat.txt?prompt=fail'       → 502 upstream error: Slow down …
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PlainTextResponse, SSEResponse } from 'response-kit'
import { fromOpenAIResponses, toSSE, toTextStream, type LLMMessage } from 'response-kit/llm'
import { toNodeListener } from 'response-kit/node'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

/** The fake upstream: `POST /v1/responses` with `{ input, stream: true }`, events as OpenAI sends them. */
async function* responsesEvents(input: string, signal: AbortSignal) {
  const id = `resp_${Date.now()}`
  yield { event: 'response.created', data: { type: 'response.created', response: { id } } }
  if (input === 'fail') {
    yield { event: 'error', data: { type: 'error', code: 'rate_limit', message: 'Slow down' } }
    return
  }
  for await (const delta of generate(input, { signal })) {
    yield {
      event: 'response.output_text.delta',
      data: { type: 'response.output_text.delta', item_id: 'msg_1', delta },
    }
  }
  yield { event: 'response.completed', data: { type: 'response.completed', response: { id } } }
}

async function startFakeUpstream(): Promise<string> {
  const server = createServer(
    toNodeListener(async (request) => {
      const { input } = (await request.json()) as { input: string }
      return new SSEResponse(responsesEvents(input, request.signal))
    })
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`
}

const upstreamUrl = process.env.UPSTREAM_URL ?? (await startFakeUpstream())

/** Calls the upstream with the client's signal, so a client that leaves cancels it. */
function callUpstream(prompt: string, signal: AbortSignal): Promise<Response> {
  return fetch(upstreamUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(process.env.OPENAI_API_KEY && { authorization: `Bearer ${process.env.OPENAI_API_KEY}` }),
    },
    body: JSON.stringify({ model: 'gpt-5-mini', input: prompt, stream: true }),
    signal,
  })
}

/**
 * The plain-text route reads the first upstream message before it answers. A text stream has
 * no in-band way to report an error: once a 200 has started, the only signal left is breaking
 * the connection (curl's "Empty reply from server" when nothing was sent yet). An upstream that
 * fails before any text, the common case (a rate limit, a bad key), gets a 502 with the
 * upstream's message instead; a failure after the first token still breaks the stream.
 */
async function textReply(messages: AsyncIterable<LLMMessage>): Promise<Response> {
  const iterator = messages[Symbol.asyncIterator]()
  const first = await iterator.next()
  if (!first.done && 'error' in first.value) {
    const { message, code } = first.value.error
    return new PlainTextResponse(`upstream error: ${message}${code ? ` (${code})` : ''}\n`, {
      status: 502,
    })
  }
  async function* rest() {
    try {
      if (!first.done) yield first.value
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield next.value
      }
    } finally {
      await iterator.return?.()
    }
  }
  return toTextStream(rest(), {
    onError: (error) => console.error(`chat.txt: upstream failed mid-stream: ${String(error)}`),
  })
}

await serve('openai-bridge', async (request) => {
  const url = new URL(request.url)
  const prompt = url.searchParams.get('prompt') ?? 'hello'
  switch (url.pathname) {
    case '/chat':
      // data: {"content":"…"} per delta, then {"done":true}; an upstream error ends the
      // stream with {"error":{…}} instead of a broken connection EventSource would retry.
      return toSSE(fromOpenAIResponses(await callUpstream(prompt, request.signal)))
    case '/chat.txt':
      return textReply(fromOpenAIResponses(await callUpstream(prompt, request.signal)))
    default:
      return new PlainTextResponse('try /chat?prompt=hi or /chat.txt?prompt=hi', { status: 404 })
  }
})
