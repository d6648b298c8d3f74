/**
 * OpenTelemetry spans for responses written by the Node writer, built on its diagnostics
 * channels: a span starts when the writer gets the response and ends when the body has ended
 * (not when the handler returned), with time to first byte, bytes, chunks and the close
 * reason. Import from `'response-kit/otel'`; needs `@opentelemetry/api` (an optional peer
 * dependency). Node only.
 *
 * @module response-kit/otel
 */
import diagnostics from 'node:diagnostics_channel'
import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api'
import { diagnosticsChannels, type ResponseTrace } from './diagnostics'

/**
 * Options of {@link instrumentResponses}.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api'
 * import type { InstrumentOptions } from 'response-kit/otel'
 * const options: InstrumentOptions = { tracer: trace.getTracer('api'), spanName: 'stream' }
 * ```
 */
export interface InstrumentOptions {
  /**
   * The tracer spans come from.
   * @defaultValue `trace.getTracer('response-kit')` (the global tracer provider's)
   */
  tracer?: Tracer
  /**
   * The span name.
   * @defaultValue `'response-kit response'`
   */
  spanName?: string
}

/**
 * Starts one span per response the Node writer sends (`response-kit/node`,
 * `response-kit/express`) and ends it when the body has ended: the last byte handed to the OS,
 * the client gone, the stream failed, timed out or cut by a shutdown. Attributes:
 * `http.request.method`, `url.full`, `http.response.status_code`,
 * `response_kit.time_to_first_byte_ms`, `response_kit.bytes`, `response_kit.chunks`,
 * `response_kit.close_reason`; a failure is recorded as an exception with status `ERROR`.
 * Returns a function that stops it. Throws `TypeError` when `tracer` lacks `startSpan`.
 *
 * @example
 * ```ts
 * import { trace } from '@opentelemetry/api'
 * import { instrumentResponses } from 'response-kit/otel'
 *
 * const stop = instrumentResponses({ tracer: trace.getTracer('my-app') })
 * // … later, on shutdown:
 * stop()
 * ```
 */
export function instrumentResponses(options: InstrumentOptions = {}): () => void {
  const tracer = options.tracer ?? trace.getTracer('response-kit')
  if (typeof (tracer as { startSpan?: unknown }).startSpan !== 'function') {
    throw new TypeError('options.tracer must be an OpenTelemetry Tracer')
  }
  const name = options.spanName ?? 'response-kit response'
  const spans = new WeakMap<object, Span>()
  const onStart = (message: unknown) => {
    const t = message as ResponseTrace
    const attributes: Record<string, string> = {}
    if (t.request !== undefined) {
      attributes['http.request.method'] = t.request.method
      attributes['url.full'] = t.request.url
    }
    spans.set(t, tracer.startSpan(name, { attributes }))
  }
  const onError = (message: unknown) => {
    const t = message as ResponseTrace
    const span = spans.get(t)
    if (span === undefined) return
    const error = t.error
    span.recordException(error instanceof Error ? error : String(error))
    span.setStatus({ code: SpanStatusCode.ERROR })
  }
  const onEnd = (message: unknown) => {
    const t = message as ResponseTrace
    const span = spans.get(t)
    if (span === undefined) return
    spans.delete(t)
    span.setAttribute('http.response.status_code', t.status)
    if (t.firstByteTime !== undefined) {
      span.setAttribute('response_kit.time_to_first_byte_ms', t.firstByteTime - t.startTime)
    }
    span.setAttribute('response_kit.bytes', t.bytes)
    span.setAttribute('response_kit.chunks', t.chunks)
    span.setAttribute('response_kit.close_reason', t.reason ?? 'end')
    span.end()
  }
  diagnostics.subscribe(diagnosticsChannels.start, onStart)
  diagnostics.subscribe(diagnosticsChannels.error, onError)
  diagnostics.subscribe(diagnosticsChannels.end, onEnd)
  return () => {
    diagnostics.unsubscribe(diagnosticsChannels.start, onStart)
    diagnostics.unsubscribe(diagnosticsChannels.error, onError)
    diagnostics.unsubscribe(diagnosticsChannels.end, onEnd)
  }
}
