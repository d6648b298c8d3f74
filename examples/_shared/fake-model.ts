/**
 * A local stand-in for a language model: it "generates" a reply token by token with a small
 * delay, so the examples stream without any network or API key. Stop iterating (a client that
 * leaves) and the generator's `finally` runs, just as it would around a real model call.
 */

const REPLIES = [
  'Streaming keeps the first token on screen while the rest of the answer is still being written.',
  'Each token is sent as soon as the model produces it, so nothing waits for the full reply.',
  'Server-sent events carry each token as its own event, which the browser reads with EventSource.',
]

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** Milliseconds between tokens. @defaultValue 40, or `TOKEN_DELAY_MS` from the environment */
  delayMs?: number
  /** Aborts generation (e.g. the request's signal). */
  signal?: AbortSignal
}

/** Splits text into word-sized tokens that keep their leading space, like a BPE tokenizer. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? []
}

/** Picks a reply for `prompt` (deterministic, so tests can predict it). */
export function replyFor(prompt: string): string {
  let hash = 0
  for (const char of prompt) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return `You said "${prompt.trim()}". ${REPLIES[hash % REPLIES.length]}`
}

/** Yields the reply to `prompt` one token at a time. */
export async function* generate(
  prompt: string,
  { delayMs = Number(process.env.TOKEN_DELAY_MS ?? 40), signal }: GenerateOptions = {}
): AsyncGenerator<string> {
  for (const token of tokenize(replyFor(prompt))) {
    signal?.throwIfAborted()
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    yield token
  }
}
