/**
 * Deterministic data for the demo and its tests: the bytes of the download file and the
 * items of the JSON panel, so a test can predict exactly what the server sends.
 */
import { createHash } from 'node:crypto'

/** `size` pseudo-random bytes (xorshift32, fixed seed): the same on every run. */
export function demoBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let x = 0x9e3779b9
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}

/** Hex SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** One item of the JSON panel. */
export interface Item {
  id: number
  name: string
  score: number
  tags: string[]
  active: boolean
}

/** `n` items, the same on every run. */
export function demoItems(n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `item ${i + 1}`,
    score: Math.round(((i * 7919) % 1000) * 1.5) / 10,
    tags: i % 3 === 0 ? ['new', 'sale'] : ['stock'],
    active: i % 2 === 0,
  }))
}

/** The JSON Schema of {@link demoItems}'s output, for FastJSONResponse. */
export const itemsSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      score: { type: 'number' },
      tags: { type: 'array', items: { type: 'string' } },
      active: { type: 'boolean' },
    },
    required: ['id', 'name', 'score', 'tags', 'active'],
  },
} as const

/** One chat completion in the shape OpenAI's API answers (about 1.3 kB): a small object. */
export interface Completion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: {
    index: number
    message: { role: 'assistant'; content: string }
    finish_reason: string
  }[]
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
}

/**
 * `n` distinct completions, the same on every run. Distinct objects matter when timing: V8
 * caches number-to-string conversions, so serialising one object over and over flatters
 * whichever serializer formats numbers itself.
 */
export function demoCompletions(n: number): Completion[] {
  return Array.from({ length: n }, (_, i) => {
    const completion = 180 + (i % 97)
    return {
      id: `chatcmpl-${(0x5f3759df + i * 7919).toString(36)}`,
      object: 'chat.completion',
      created: 1_760_000_000 + i,
      model: 'gpt-5-mini',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content:
              `Reply ${i}: streaming keeps the first token on screen while the rest of the answer is still being written, so nothing waits for the full reply. `.repeat(
                6
              ),
          },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 42 + i,
        completion_tokens: completion,
        total_tokens: 42 + i + completion,
      },
    }
  })
}

/** The JSON Schema of a {@link Completion}, for FastJSONResponse. */
export const completionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    object: { type: 'string' },
    created: { type: 'integer' },
    model: { type: 'string' },
    choices: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          message: {
            type: 'object',
            properties: { role: { type: 'string' }, content: { type: 'string' } },
            required: ['role', 'content'],
          },
          finish_reason: { type: 'string' },
        },
        required: ['index', 'message', 'finish_reason'],
      },
    },
    usage: {
      type: 'object',
      properties: {
        prompt_tokens: { type: 'integer' },
        completion_tokens: { type: 'integer' },
        total_tokens: { type: 'integer' },
      },
      required: ['prompt_tokens', 'completion_tokens', 'total_tokens'],
    },
  },
  required: ['id', 'object', 'created', 'model', 'choices', 'usage'],
} as const
