/**
 * examples/use-chat.ts, started as a reader would start it: the page and its bundled AI SDK
 * client are served, and a chat turn read by the AI SDK's own client assembles the fake
 * model's reply.
 */
import { describe, expect, it } from 'vitest'
import { replyFor } from '../examples/_shared/fake-model'
import { startExample } from './helpers/run-example'
import { assemble, chatTurn } from './llm/helpers'

describe('examples/use-chat.ts', () => {
  it('serves the page and answers useChat in the UI message stream protocol', async () => {
    const example = await startExample('examples/use-chat.ts', { TOKEN_DELAY_MS: '5' })
    try {
      const page = await fetch(example.url)
      expect(await page.text()).toContain('<script type="module" src="/app.js">')
      const app = await fetch(`${example.url}/app.js`)
      expect(app.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect(await app.text()).toContain('/api/chat')

      const response = await fetch(`${example.url}/api/chat`, { method: 'POST', body: '{}' })
      expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
      expect((await response.text()).endsWith('data: [DONE]\n\n')).toBe(true)

      const { message, errors } = await chatTurn(`${example.url}/api/chat`)
      expect(errors).toEqual([])
      expect(assemble(message)).toEqual({ text: replyFor('Hi'), reasoning: '', tools: [] })
    } finally {
      expect(await example.stop()).toBe(0)
    }
  })
})
