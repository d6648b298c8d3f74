/** Test helper: reads server-sent events from a Response or a byte stream with eventsource-parser. */
import { createParser, type EventSourceMessage } from 'eventsource-parser'

/** Every event of `body` until it ends (or `until` says stop, then the reader is cancelled). */
export async function readEvents(
  // undici's fetch types its body as its own ReadableStream: only getReader() is used here.
  body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null,
  until?: (event: EventSourceMessage, all: EventSourceMessage[]) => boolean
): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = []
  if (!body) return events
  let stop = false
  const parser = createParser({
    onEvent(event) {
      if (stop) return
      events.push(event)
      if (until?.(event, events)) stop = true
    },
  })
  const reader = body.getReader()
  const decoder = new TextDecoder()
  while (!stop) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  if (stop) await reader.cancel().catch(() => {})
  return events
}

/** The data of the `message` events, joined: the text a chat client would show. */
export function text(events: EventSourceMessage[]): string {
  return events
    .filter((e) => e.event === undefined || e.event === 'message')
    .map((e) => e.data)
    .join('')
}
