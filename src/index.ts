/**
 * response-kit: Starlette/FastAPI-style response classes built on the WHATWG `Response`.
 * Import from `'response-kit'`; this entry is edge-safe (no `node:` imports, no code
 * generation) and runs on Node, Bun, Deno, workerd and edge-runtime.
 *
 * @module response-kit
 */
export { BaseResponse, streamBody } from './response'
export type { BaseResponseInit, RenderedBody, ResponseClass } from './response'
export type { StreamBody } from './internal/core/state'
export type { BackgroundTask, ErrorContext, ErrorHandler } from './internal/core/report'
export type { CookieOptions } from './internal/core/cookies'
export { PlainTextResponse } from './plain-text'
export { HTMLResponse } from './html'
export { JSONResponse } from './json'
export type { JSONResponseInit } from './json'
export type { NonFiniteMode } from './internal/core/json'
export { RedirectResponse } from './redirect'
export type { RedirectResponseInit } from './redirect'
export { StreamingResponse } from './streaming'
export type { StreamingResponseInit, StreamSource } from './streaming'
export { SSEResponse, lastEventId } from './sse'
export type { SSEResponseInit, SSEEvent, SSESeparator, HasHeaders } from './sse'
export { NDJSONResponse } from './ndjson'
export { HTTPException, isHTTPException } from './http-exception'
export { defaultResponseClass, toResponse } from './default-response-class'
export type {
  DefaultResponseClassOptions,
  ResponseClassLike,
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
