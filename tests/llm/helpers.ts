/**
 * Test helpers for the UI message stream suites: the AI SDK's own client (DefaultChatTransport
 * over fetch, then readUIMessageStream) and a fake model server on 127.0.0.1 that speaks the
 * OpenAI and Ollama wire formats, so the official SDKs can talk to it.
 */
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai'

const FIXTURES = new URL('../fixtures/llm/', import.meta.url)

export const fixtureText = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8')
export const fixtureJSON = <T>(name: string): T[] => JSON.parse(fixtureText(name)) as T[]
export const ndjsonLines = <T>(name: string): T[] =>
  fixtureText(name)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T)

/** What a chat frontend ends up showing: the text, reasoning and tool calls of the message. */
export interface Assembled {
  text: string
  reasoning: string
  tools: { toolCallId: string; toolName: string; state: string; input: unknown }[]
}

export function assemble(message: UIMessage | undefined): Assembled {
  const out: Assembled = { text: '', reasoning: '', tools: [] }
  for (const part of message?.parts ?? []) {
    if (part.type === 'text') out.text += part.text
    else if (part.type === 'reasoning') out.reasoning += part.text
    else if (part.type.startsWith('tool-') && 'toolCallId' in part) {
      out.tools.push({
        toolCallId: part.toolCallId,
        toolName: part.type.slice('tool-'.length),
        state: part.state,
        input: part.input,
      })
    }
  }
  return out
}

/** The result of one chat turn as the AI SDK client sees it. */
export interface ChatTurn {
  message: UIMessage | undefined
  /** Schema rejections, protocol errors and `error` chunks, as the client reports them. */
  errors: Error[]
}

/** Posts a chat turn to `api` with the AI SDK's DefaultChatTransport and reads the message. */
export async function chatTurn(api: string, signal?: AbortSignal): Promise<ChatTurn> {
  const transport = new DefaultChatTransport({ api })
  const stream = await transport.sendMessages({
    chatId: 'chat-1',
    messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hi' }] }],
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal: signal,
  })
  const errors: Error[] = []
  let message: UIMessage | undefined
  for await (const snapshot of readUIMessageStream({
    stream,
    onError: (error) => errors.push(error as Error),
  })) {
    message = snapshot
  }
  return { message, errors }
}

/** Encodes objects as an SSE body, as OpenAI sends them. */
export const sseBody = (items: readonly unknown[], done = false): string =>
  items.map((item) => `data: ${JSON.stringify(item)}\n\n`).join('') +
  (done ? 'data: [DONE]\n\n' : '')

export interface FakeModel {
  url: string
  /** Paths of the requests received, in order. */
  requests: string[]
  /** Resolves when the next upstream request is closed before its response ended. */
  nextCancel(): Promise<number>
  close(): Promise<void>
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void

/**
 * A fake model server: `routes` maps a path to a handler. Every request whose connection
 * closes before the response ended counts as cancelled (`nextCancel` resolves with the time).
 */
export async function startFakeModel(routes: Record<string, Route>): Promise<FakeModel> {
  const requests: string[] = []
  const waiters: ((at: number) => void)[] = []
  const cancels: number[] = []
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '')
    res.on('close', () => {
      if (res.writableFinished) return
      const at = Date.now()
      const waiter = waiters.shift()
      if (waiter) waiter(at)
      else cancels.push(at)
    })
    req.resume()
    req.on('end', () => {
      const route = routes[req.url?.split('?')[0] ?? '']
      if (route) route(req, res)
      else res.writeHead(404).end('no route')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    nextCancel: () => {
      const at = cancels.shift()
      return at === undefined
        ? new Promise((resolve) => waiters.push(resolve))
        : Promise.resolve(at)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A route that answers with `body` and `type` in one go. */
export const fixed =
  (type: string, body: string): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type })
    res.end(body)
  }

/** A route that sends `head` and then one `piece` every 20 ms until the client leaves. */
export const endless =
  (type: string, head: string, piece: string): Route =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': type })
    res.write(head)
    const timer = setInterval(() => res.write(piece), 20)
    res.on('close', () => clearInterval(timer))
  }

export async function* asAsync<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

/** Iterates a ReadableStream (the DOM typings lack its async iterator). */
export async function* iterate<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}
