/** Payloads for bench/fast-json.bench.ts, with their JSON Schemas (helper: not run on its own). */

export const small = {
  id: 42,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  active: true,
  roles: ['admin', 'editor'],
  createdAt: '2026-11-21T12:00:00.000Z',
}

export const smallSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    email: { type: 'string' },
    active: { type: 'boolean' },
    roles: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
  },
}

/**
 * A page of 50 user records, as a list endpoint returns (`{ items, total, page, … }`, about
 * 7 kB): the medium object. Page `k` differs from the others in every record's id, name and
 * email.
 */
export function userPage(k: number) {
  return {
    items: Array.from({ length: 50 }, (_, i) => {
      const id = k * 50 + i
      return { ...small, id, name: `User ${id} of page ${k}`, email: `user${id}@example.com` }
    }),
    total: 5000,
    page: k,
    pageSize: 50,
    next: `/users?page=${k + 1}`,
  }
}

export const userPageSchema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: smallSchema },
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    next: { type: ['string', 'null'] },
  },
}

const answer =
  'Server-sent events keep one HTTP response open and write `data:` lines as tokens arrive; ' +
  'the browser reconnects on its own and sends Last-Event-ID. '

export const chat = {
  id: 'chatcmpl-9x8y7z6w5v4u3t2s1r0q',
  object: 'chat.completion',
  created: 1763726400,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: answer.repeat(6), refusal: null },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 57,
    completion_tokens: 412,
    total_tokens: 469,
    prompt_tokens_details: { cached_tokens: 0 },
  },
  system_fingerprint: 'fp_50cad350e4',
}

export const chatSchema = {
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
            properties: {
              role: { type: 'string' },
              content: { type: 'string' },
              refusal: { type: ['string', 'null'] },
            },
          },
          logprobs: { type: 'null' },
          finish_reason: { type: 'string' },
        },
      },
    },
    usage: {
      type: 'object',
      properties: {
        prompt_tokens: { type: 'integer' },
        completion_tokens: { type: 'integer' },
        total_tokens: { type: 'integer' },
        prompt_tokens_details: {
          type: 'object',
          properties: { cached_tokens: { type: 'integer' } },
        },
      },
    },
    system_fingerprint: { type: 'string' },
  },
}

/** A deterministic float in (-0.1, 0.1) with a full 17-digit mantissa, like real embeddings. */
const float = (i: number, j: number) => Math.sin(i * 1536 + j + 1) / 10

/** `count` copies of an object payload that differ in every number and the first string. */
export function variants<T extends { [key: string]: unknown }>(count: number, base: T): T[] {
  return Array.from({ length: count }, (_, n) => {
    const copy = structuredClone(base) as Record<string, unknown>
    for (const [key, value] of Object.entries(copy)) {
      if (typeof value === 'number') copy[key] = value + n
      else if (typeof value === 'string') copy[key] = `${value}-${n}`
    }
    return copy as T
  })
}

/** OpenAI's embeddings response with `count` 1536-float vectors, starting at vector `from`. */
export function embeddings(count: number, from = 0) {
  return {
    object: 'list',
    data: Array.from({ length: count }, (_, i) => ({
      object: 'embedding',
      index: i,
      embedding: Array.from({ length: 1536 }, (_, j) => float(from + i, j)),
    })),
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 8 * count, total_tokens: 8 * count },
  }
}

export const embeddingsSchema = {
  type: 'object',
  properties: {
    object: { type: 'string' },
    data: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          object: { type: 'string' },
          index: { type: 'integer' },
          embedding: { type: 'array', items: { type: 'number' } },
        },
      },
    },
    model: { type: 'string' },
    usage: {
      type: 'object',
      properties: { prompt_tokens: { type: 'integer' }, total_tokens: { type: 'integer' } },
    },
  },
}
