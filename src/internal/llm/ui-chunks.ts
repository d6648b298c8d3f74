/**
 * The chunk types of the AI SDK's UI message stream protocol (what `useChat` reads), and a
 * validator that holds every chunk to the protocol's schema before it is written: the
 * client rejects a chunk with a wrong field, so a bad chunk must fail on the server.
 *
 * @internal
 * @module
 */

/** Provider-specific metadata: provider name → key → JSON value. */
export type ProviderMetadata = Record<string, Record<string, unknown>>

/** Why the model stopped, as the protocol names it. */
export type UIFinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other'

/**
 * One chunk of the UI message stream protocol, sent as one `data:` frame. The union follows
 * the `ai` package's `uiMessageChunkSchema` (AI SDK 5 and 6): text and reasoning parts are
 * opened, filled and closed by id; tool calls stream their input and then their output.
 */
export type UIMessageChunk =
  | {
      /** The chunk type. */
      type: 'start'
      /** The id of the assistant message. */
      messageId?: string
      /** Metadata merged into the message. */
      messageMetadata?: unknown
    }
  | {
      /** The chunk type. */
      type: 'start-step'
    }
  | {
      /** The chunk type. */
      type: 'text-start'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'text-delta'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** The text added to the part. */
      delta: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'text-end'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'reasoning-start'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'reasoning-delta'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** The text added to the part. */
      delta: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'reasoning-end'
      /** The id that ties the start, delta and end chunks of one part together. */
      id: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'tool-input-start'
      /** The name of the tool. */
      toolName: string
      /** How the streamed input is encoded. */
      inputEncoding?: 'json' | 'text'
      /** A title to show. */
      title?: string
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** Set when the provider ran the tool itself. */
      providerExecuted?: boolean
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
      /** Tool metadata. */
      toolMetadata?: Record<string, unknown>
      /** Set for tools not known statically (a `dynamic-tool` part). */
      dynamic?: boolean
    }
  | {
      /** The chunk type. */
      type: 'tool-input-delta'
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** A piece of the input text. */
      inputTextDelta: string
    }
  | {
      /** The chunk type. */
      type: 'tool-input-available'
      /** The name of the tool. */
      toolName: string
      /** The complete input. */
      input: unknown
      /** A title to show. */
      title?: string
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** Set when the provider ran the tool itself. */
      providerExecuted?: boolean
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
      /** Tool metadata. */
      toolMetadata?: Record<string, unknown>
      /** Set for tools not known statically (a `dynamic-tool` part). */
      dynamic?: boolean
    }
  | {
      /** The chunk type. */
      type: 'tool-input-error'
      /** The name of the tool. */
      toolName: string
      /** The complete input. */
      input: unknown
      /** The error message the client shows. */
      errorText: string
      /** A title to show. */
      title?: string
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** Set when the provider ran the tool itself. */
      providerExecuted?: boolean
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
      /** Tool metadata. */
      toolMetadata?: Record<string, unknown>
      /** Set for tools not known statically (a `dynamic-tool` part). */
      dynamic?: boolean
    }
  | {
      /** The chunk type. */
      type: 'tool-output-available'
      /** The tool result. */
      output: unknown
      /** Set when more output follows. */
      preliminary?: boolean
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** Set when the provider ran the tool itself. */
      providerExecuted?: boolean
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
      /** Tool metadata. */
      toolMetadata?: Record<string, unknown>
      /** Set for tools not known statically (a `dynamic-tool` part). */
      dynamic?: boolean
    }
  | {
      /** The chunk type. */
      type: 'tool-output-error'
      /** The error message the client shows. */
      errorText: string
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** Set when the provider ran the tool itself. */
      providerExecuted?: boolean
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
      /** Tool metadata. */
      toolMetadata?: Record<string, unknown>
      /** Set for tools not known statically (a `dynamic-tool` part). */
      dynamic?: boolean
    }
  | {
      /** The chunk type. */
      type: 'tool-output-denied'
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
    }
  | {
      /** The chunk type. */
      type: 'tool-approval-request'
      /** The id of the approval request. */
      approvalId: string
      /** The id that ties the tool chunks of one call together. */
      toolCallId: string
      /** What the user is asked to approve. */
      approvalDescriptor?: unknown
      /** The input as the tool schema sees it. */
      inputSchemaInput?: unknown
      /** A signature of the request. */
      signature?: string
    }
  | {
      /** The chunk type. */
      type: 'source-url'
      /** The id of the source. */
      sourceId: string
      /** The URL. */
      url: string
      /** A title to show. */
      title?: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'source-document'
      /** The id of the source. */
      sourceId: string
      /** The IANA media type. */
      mediaType: string
      /** A title to show. */
      title: string
      /** The file name. */
      filename?: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: 'file'
      /** The URL. */
      url: string
      /** The IANA media type. */
      mediaType: string
      /** Provider-specific metadata. */
      providerMetadata?: ProviderMetadata
    }
  | {
      /** The chunk type. */
      type: `data-${string}`
      /** The data of the part. */
      data: unknown
      /** The id that ties the start, delta and end chunks of one part together. */
      id?: string
      /** Set when the part is sent to the client but not added to the message. */
      transient?: boolean
    }
  | {
      /** The chunk type. */
      type: 'message-metadata'
      /** Metadata merged into the message. */
      messageMetadata: unknown
    }
  | {
      /** The chunk type. */
      type: 'finish-step'
    }
  | {
      /** The chunk type. */
      type: 'finish'
      /** Why the model stopped. */
      finishReason?: UIFinishReason
      /** Metadata merged into the message. */
      messageMetadata?: unknown
    }
  | {
      /** The chunk type. */
      type: 'abort'
      /** Why the stream was aborted. */
      reason?: string
    }
  | {
      /** The chunk type. */
      type: 'error'
      /** The error message the client shows. */
      errorText: string
    }

type Check = (value: unknown) => boolean
type Spec = Readonly<Record<string, readonly [check: Check, required: boolean, expected: string]>>

const isString: Check = (v) => typeof v === 'string'
const isBoolean: Check = (v) => typeof v === 'boolean'
const isPresent: Check = (v) => v !== undefined
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isMetadata: Check = (v) => isRecord(v) && Object.values(v).every(isRecord)
const REASONS = new Set(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other'])

const STR = [isString, true, 'a string'] as const
const OPT_STR = [isString, false, 'a string'] as const
const OPT_BOOL = [isBoolean, false, 'a boolean'] as const
const ANY = [isPresent, true, 'a JSON value'] as const
const OPT_ANY = [isPresent, false, 'a JSON value'] as const
const META = [isMetadata, false, 'an object of objects'] as const
const TOOL_META = [isRecord, false, 'an object'] as const

const TOOL: Spec = {
  toolCallId: STR,
  providerExecuted: OPT_BOOL,
  providerMetadata: META,
  toolMetadata: TOOL_META,
  dynamic: OPT_BOOL,
}
const PART: Spec = { id: STR, providerMetadata: META }
const DELTA: Spec = { ...PART, delta: STR }

const SPECS: Readonly<Record<string, Spec>> = {
  start: { messageId: OPT_STR, messageMetadata: OPT_ANY },
  'start-step': {},
  'text-start': PART,
  'text-delta': DELTA,
  'text-end': PART,
  'reasoning-start': PART,
  'reasoning-delta': DELTA,
  'reasoning-end': PART,
  'tool-input-start': {
    ...TOOL,
    toolName: STR,
    inputEncoding: [(v) => v === 'json' || v === 'text', false, '"json" or "text"'],
    title: OPT_STR,
  },
  'tool-input-delta': { toolCallId: STR, inputTextDelta: STR },
  'tool-input-available': { ...TOOL, toolName: STR, input: ANY, title: OPT_STR },
  'tool-input-error': { ...TOOL, toolName: STR, input: ANY, errorText: STR, title: OPT_STR },
  'tool-output-available': { ...TOOL, output: ANY, preliminary: OPT_BOOL },
  'tool-output-error': { ...TOOL, errorText: STR },
  'tool-output-denied': { toolCallId: STR },
  'tool-approval-request': {
    approvalId: STR,
    toolCallId: STR,
    approvalDescriptor: OPT_ANY,
    inputSchemaInput: OPT_ANY,
    signature: OPT_STR,
  },
  'source-url': { sourceId: STR, url: STR, title: OPT_STR, providerMetadata: META },
  'source-document': {
    sourceId: STR,
    mediaType: STR,
    title: STR,
    filename: OPT_STR,
    providerMetadata: META,
  },
  file: { url: STR, mediaType: STR, providerMetadata: META },
  'message-metadata': { messageMetadata: ANY },
  'finish-step': {},
  finish: {
    finishReason: [(v) => REASONS.has(v as string), false, [...REASONS].join(', ')],
    messageMetadata: OPT_ANY,
  },
  abort: { reason: OPT_STR },
  error: { errorText: STR },
}
const DATA: Spec = { data: ANY, id: OPT_STR, transient: OPT_BOOL }

function specOf(type: unknown): Spec {
  if (typeof type !== 'string') {
    throw new TypeError(`UI message chunk type must be a string, got ${typeof type}`)
  }
  if (type.startsWith('data-') && type.length > 5) return DATA
  const spec = Object.hasOwn(SPECS, type) ? SPECS[type] : undefined
  if (spec === undefined) throw new TypeError(`Unknown UI message chunk type "${type}"`)
  return spec
}

/**
 * Checks `value` against the chunk schema and returns its JSON text; throws `TypeError`
 * naming the chunk type and field for an unknown type, a missing or mistyped field, a field
 * the schema does not have, or a value JSON cannot encode (a BigInt, a cycle). Fields set to
 * `undefined` count as absent, as in JSON. @internal
 */
export function encodeUIMessageChunk(value: unknown): string {
  if (!isRecord(value)) throw new TypeError('A UI message chunk must be a plain object')
  const spec = specOf(value.type)
  for (const [field, [check, required, expected]] of Object.entries(spec)) {
    const given = value[field]
    if (given === undefined) {
      if (required) throw new TypeError(`UI message chunk "${value.type}" needs "${field}"`)
    } else if (!check(given)) {
      throw new TypeError(`UI message chunk "${value.type}": "${field}" must be ${expected}`)
    }
  }
  for (const field of Object.keys(value)) {
    if (field !== 'type' && !Object.hasOwn(spec, field) && value[field] !== undefined) {
      throw new TypeError(`UI message chunk "${value.type}" has no field "${field}"`)
    }
  }
  let json: string
  try {
    json = JSON.stringify(value)
  } catch (error) {
    throw new TypeError(`UI message chunk "${value.type}" is not JSON-serializable`, {
      cause: error,
    })
  }
  // The AI SDK parses chunks with a secure JSON parser that refuses `__proto__` keys and a
  // `constructor` key holding `prototype`: such a chunk would break the chat in the browser.
  if (
    (json.includes('"__proto__"') || json.includes('"constructor"')) &&
    hasForbiddenKey(JSON.parse(json))
  ) {
    throw new TypeError(
      `UI message chunk "${value.type}" has a "__proto__" or "constructor.prototype" key, which the client refuses`
    )
  }
  return json
}

/** True when a parsed JSON value has a `__proto__` key or a `constructor` object with `prototype`. */
function hasForbiddenKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key]
    if (key === '__proto__') return true
    if (
      key === 'constructor' &&
      typeof child === 'object' &&
      child !== null &&
      Object.hasOwn(child, 'prototype')
    ) {
      return true
    }
    if (hasForbiddenKey(child)) return true
  }
  return false
}
