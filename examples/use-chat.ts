/**
 * Feeding `useChat`: a page runs the AI SDK's chat client (bundled from
 * examples/use-chat/page.ts with esbuild at startup) against `POST /api/chat`, which answers
 * in the UI message stream protocol with `UIMessageStreamResponse`. The model is a local fake
 * that streams Chat Completions chunks, bridged by `uiChunksFromOpenAIChat`; swap in
 * `openai.chat.completions.create({ …, stream: true })` for a real one. Stopping the chat in
 * the page closes the stream, which stops the model.
 *
 *   npm run example -- examples/use-chat.ts      then open the printed URL
 *   curl -N -X POST 'http://127.0.0.1:PORT/api/chat' -d '{"messages":[]}'
 *        → data: {"type":"start"} … data: {"type":"finish","finishReason":"stop"} data: [DONE]
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { HTMLResponse, PlainTextResponse } from 'response-kit'
import {
  uiChunksFromOpenAIChat,
  UIMessageStreamResponse,
  type OpenAIChatChunk,
} from 'response-kit/llm'
import { generate } from './_shared/fake-model'
import { serve } from './_shared/serve'

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./use-chat/page.ts', import.meta.url))],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  logLevel: 'silent',
})
const script = bundle.outputFiles[0]!.text

const page = `<!doctype html><meta charset="utf-8"><title>useChat + response-kit</title>
<form><input value="hello" autofocus> <button>Send</button> <button id="stop" type="button">Stop</button></form>
<p><output></output></p><script type="module" src="/app.js"></script>`

/** The fake model, as Chat Completions chunks. */
async function* completion(prompt: string, signal: AbortSignal): AsyncGenerator<OpenAIChatChunk> {
  for await (const content of generate(prompt, { signal }))
    yield { choices: [{ delta: { content } }] }
  yield { choices: [{ delta: {}, finish_reason: 'stop' }] }
}

interface ChatBody {
  messages?: { role: string; parts?: { type: string; text?: string }[] }[]
}

function lastUserText(body: ChatBody): string {
  const last = body.messages?.filter((m) => m.role === 'user').at(-1)
  return last?.parts?.find((p) => p.type === 'text')?.text ?? 'hello'
}

await serve('use-chat', async (request) => {
  const { pathname } = new URL(request.url)
  if (pathname === '/') return new HTMLResponse(page)
  if (pathname === '/app.js') {
    return new PlainTextResponse(script, { mediaType: 'text/javascript' })
  }
  if (pathname === '/api/chat' && request.method === 'POST') {
    const body = (await request.json().catch(() => ({}))) as ChatBody
    const chunks = uiChunksFromOpenAIChat(completion(lastUserText(body), request.signal))
    return new UIMessageStreamResponse(chunks, { signal: request.signal })
  }
  return new PlainTextResponse('Not found', { status: 404 })
})
