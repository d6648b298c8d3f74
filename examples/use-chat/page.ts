/**
 * The browser side of examples/use-chat.ts: the AI SDK's own client (`DefaultChatTransport`
 * and `readUIMessageStream`, what `useChat` runs underneath) without a framework. The server
 * bundles this file with esbuild and serves it as /app.js.
 */
import { DefaultChatTransport, readUIMessageStream } from 'ai'

const form = document.querySelector('form')!
const input = document.querySelector('input')!
const output = document.querySelector('output')!
const stop = document.querySelector<HTMLButtonElement>('#stop')!
const transport = new DefaultChatTransport({ api: '/api/chat' })

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const controller = new AbortController()
  stop.onclick = () => controller.abort()
  void (async () => {
    const stream = await transport.sendMessages({
      chatId: 'demo',
      messages: [
        { id: crypto.randomUUID(), role: 'user', parts: [{ type: 'text', text: input.value }] },
      ],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: controller.signal,
    })
    for await (const message of readUIMessageStream({ stream })) {
      output.textContent = message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')
    }
  })().catch((error: unknown) => {
    output.textContent += ` [${String(error)}]`
  })
})
