/**
 * Bookkeeping shared by the UI message bridges: opens a text or reasoning part on its first
 * delta, closes parts, and buffers tool-call arguments until they are complete.
 *
 * @internal
 * @module
 */
import type { UIFinishReason, UIMessageChunk } from './ui-chunks'

/** An error the upstream reported in its stream (an `error` event, a failed response). @internal */
export class UpstreamError extends Error {
  override name = 'UpstreamError'
  /** The upstream's error code, when it gives one. */
  readonly code: string | null

  constructor(message: string, code: string | null = null) {
    super(message)
    this.code = code
  }
}

interface ToolCall {
  toolName: string
  text: string
}

/** The open parts of one assistant message. @internal */
export class Parts {
  private readonly open = new Map<string, 'text' | 'reasoning'>()
  private readonly tools = new Map<string, ToolCall>();

  /** Opens part `id` of `kind` if needed, then yields the delta (none when it is empty). */
  *delta(kind: 'text' | 'reasoning', id: string, delta: string): Generator<UIMessageChunk> {
    if (!this.open.has(id)) {
      this.open.set(id, kind)
      yield { type: `${kind}-start`, id }
    }
    if (delta !== '') yield { type: `${kind}-delta`, id, delta }
  }

  /** Closes part `id` if it is open. */
  *end(id: string): Generator<UIMessageChunk> {
    const kind = this.open.get(id)
    if (kind === undefined) return
    this.open.delete(id)
    yield { type: `${kind}-end`, id }
  }

  /** Starts tool call `toolCallId` (once) and streams a piece of its JSON arguments. */
  *toolInput(toolCallId: string, toolName: string, delta: string): Generator<UIMessageChunk> {
    let call = this.tools.get(toolCallId)
    if (call === undefined) {
      call = { toolName, text: '' }
      this.tools.set(toolCallId, call)
      this.hadToolCalls = true
      yield { type: 'tool-input-start', toolCallId, toolName }
    }
    call.text += delta
    if (delta !== '') yield { type: 'tool-input-delta', toolCallId, inputTextDelta: delta }
  }

  /**
   * Ends tool call `toolCallId`: `tool-input-available` with the parsed arguments (`text`
   * when given, else what was streamed), or `tool-input-error` when they are not JSON.
   */
  *toolDone(toolCallId: string, text?: string): Generator<UIMessageChunk> {
    const call = this.tools.get(toolCallId)
    if (call === undefined) return
    this.tools.delete(toolCallId)
    const raw = text ?? call.text
    let input: unknown
    try {
      input = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown)
    } catch {
      const errorText = 'Tool call arguments are not valid JSON'
      yield { type: 'tool-input-error', toolCallId, toolName: call.toolName, input: raw, errorText }
      return
    }
    yield { type: 'tool-input-available', toolCallId, toolName: call.toolName, input }
  }

  /** Closes every open part and tool call, in the order they were opened. */
  *endAll(): Generator<UIMessageChunk> {
    for (const id of [...this.open.keys()]) yield* this.end(id)
    for (const id of [...this.tools.keys()]) yield* this.toolDone(id)
  }

  /** Closes everything, then `finish-step` and `finish`. */
  *finish(reason?: UIFinishReason): Generator<UIMessageChunk> {
    yield* this.endAll()
    yield { type: 'finish-step' }
    yield { type: 'finish', finishReason: reason ?? (this.hadToolCalls ? 'tool-calls' : 'stop') }
  }

  /** True once any tool call was sent: the default finish reason becomes `tool-calls`. */
  hadToolCalls = false
}

/** The chunks every bridged message starts with. @internal */
export const START: readonly UIMessageChunk[] = [{ type: 'start' }, { type: 'start-step' }]

/** Maps an OpenAI or Ollama finish reason to the protocol's. @internal */
export function finishReasonOf(reason: string | null | undefined): UIFinishReason | undefined {
  switch (reason) {
    case null:
    case undefined:
      return undefined
    case 'stop':
      return 'stop'
    case 'length':
    case 'max_output_tokens':
      return 'length'
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls'
    case 'content_filter':
      return 'content-filter'
    default:
      return 'other'
  }
}
