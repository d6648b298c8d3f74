import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import OpenAI from 'openai'
import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { HTMLResponse } from '../../src/index'
import { uiChunksFromOpenAIChat, UIMessageStreamResponse } from '../../src/llm'
import { launchChromium } from '../helpers/chromium'
import { serve, type TestServer } from '../helpers/serve'
import { endless, sseBody, startFakeModel, type FakeModel } from '../llm/helpers'

const CHROMIUM = '/usr/bin/chromium'
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

// The AI SDK's own browser client: DefaultChatTransport parses and validates the chunks,
// readUIMessageStream assembles the message; stop() aborts the request as useChat's stop does.
const client = `
import { DefaultChatTransport, readUIMessageStream } from 'ai'
window.text = ''
window.errors = []
window.startChat = async () => {
  const controller = new AbortController()
  window.stop = () => controller.abort()
  const transport = new DefaultChatTransport({ api: '/api/chat' })
  const stream = await transport.sendMessages({
    chatId: 'chat-1', messages: [], trigger: 'submit-message', messageId: undefined,
    abortSignal: controller.signal,
  })
  try {
    for await (const message of readUIMessageStream({ stream, onError: (e) => window.errors.push(String(e)) })) {
      window.text = message.parts.filter((p) => p.type === 'text').map((p) => p.text).join('')
    }
  } catch (error) {
    window.stopped = String(error)
  }
}
`

describe('UIMessageStreamResponse', () => {
  describe('in headless Chromium with the AI SDK client', () => {
    let fake: FakeModel
    let server: TestServer
    let browser: Browser
    const onError = vi.fn()

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
      const bundle = await build({
        stdin: { contents: client, resolveDir: ROOT, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        logLevel: 'silent',
      })
      const script = bundle.outputFiles[0]!.text
      fake = await startFakeModel({
        '/v1/chat/completions': endless(
          'text/event-stream',
          '',
          sseBody([{ choices: [{ delta: { content: 'tok ' } }] }])
        ),
      })
      const openai = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'k', maxRetries: 0 })
      const handler = async (request: Request) => {
        const path = new URL(request.url).pathname
        if (path === '/app.js') {
          return new Response(script, { headers: { 'content-type': 'text/javascript' } })
        }
        if (path !== '/api/chat') {
          return new HTMLResponse(
            '<!doctype html><title>chat</title><script type="module" src="/app.js"></script>'
          )
        }
        const stream = await openai.chat.completions.create({
          model: 'm',
          messages: [],
          stream: true,
        })
        return new UIMessageStreamResponse(uiChunksFromOpenAIChat(stream), { onError })
      }
      server = await serve(handler, toNodeListener(handler, { onError }))
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      await server?.close()
      await fake?.close()
    })

    it('streams an answer, and stopping it cancels the upstream model request within 1 s', async () => {
      const tab = await browser.newPage()
      await tab.goto(server.url)
      await tab.waitForFunction('typeof window.startChat === "function"')
      void tab.evaluate('window.startChat()')
      await tab.waitForFunction('window.text.length >= 12', undefined, { timeout: 10_000 })
      const cancelled = fake.nextCancel()
      const stoppedAt = Date.now()
      await tab.evaluate('window.stop()')
      expect((await cancelled) - stoppedAt).toBeLessThan(1000)
      expect(await tab.evaluate('window.text')).toMatch(/^(tok )+/)
      // The only error the client reports is our own abort: its schema rejected no chunk.
      const errors = (await tab.evaluate('window.errors')) as string[]
      expect(errors.filter((e) => !e.startsWith('AbortError'))).toEqual([])
      expect(onError).not.toHaveBeenCalled()
      await tab.close()
    })
  })
})
