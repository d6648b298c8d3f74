/**
 * response-kit: Starlette/FastAPI-style response classes built on the WHATWG `Response`.
 * Import from `'response-kit'`; this entry is edge-safe (no `node:` imports, no code
 * generation) and runs on Node, Bun, Deno, workerd and edge-runtime.
 *
 * @module response-kit
 */
export { BaseResponse } from './response'
export type { BaseResponseInit, RenderedBody, ResponseClassLike } from './response'
export type { StreamBody } from './response'
export type { BackgroundTask, ErrorContext, ErrorHandler } from './response'
export type { CookieOptions } from './internal/core/cookies'
export { PlainTextResponse } from './plain-text'
export { HTMLResponse } from './html'
export { JSONResponse } from './json'
export type { JSONResponseInit } from './json'
export type { NonFiniteMode } from './internal/core/json'
export { RedirectResponse } from './redirect'
export { StreamingResponse, streamBody } from './streaming'
export type {
  CloseReason,
  StreamBodyOptions,
  StreamingResponseInit,
  StreamSource,
} from './streaming'
export type { RedirectResponseInit } from './redirect'
export { StreamClosedError } from './stream-closed-error'
export { SSEResponse, lastEventId } from './sse'
export type { SSEResponseInit, SSEEvent, SSESeparator, HasHeaders } from './sse'
export { NDJSONResponse } from './ndjson'
export { HTTPException, isHTTPException } from './http-exception'
export { defaultResponseClass, toResponse } from './default-response-class'
export type {
  DefaultResponseClassOptions,
  ResponseClassWrapper,
  RouteOptions,
  ValueHandler,
  WrappedHandler,
} from './default-response-class'
export { openapiResponse } from './openapi'
export type {
  OpenAPIDescribable,
  OpenAPIHeaderObject,
  OpenAPIMediaTypeObject,
  OpenAPIResponseObject,
  OpenAPIResponseOptions,
  OpenAPISchema,
} from './openapi'
