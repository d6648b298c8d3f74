import { isJSONMediaType } from './internal/core/json'
import type { ResponseClassLike } from './response'
/** A JSON Schema object as OpenAPI 3.1 embeds it. */
export type OpenAPISchema = { readonly [keyword: string]: unknown }

/**
 * The class shape `openapiResponse` reads.
 * @deprecated Use {@link ResponseClassLike}, the one class-shape type.
 */
export type OpenAPIDescribable = ResponseClassLike

/** An OpenAPI Header Object (the subset `openapiResponse` passes through). */
export interface OpenAPIHeaderObject {
  /** What the header carries. */
  description?: string
  /** The header value's schema. */
  schema: OpenAPISchema
}

/** An OpenAPI Media Type Object: the body schema for one media type. */
export interface OpenAPIMediaTypeObject {
  /** The body schema. */
  schema: OpenAPISchema
}

/** Options of {@link openapiResponse}. */
export interface OpenAPIResponseOptions {
  /** The Response Object's `description` (required by OpenAPI). */
  description: string
  /**
   * The body schema.
   * @defaultValue the class's `openapiSchema`, else one derived from the media type
   */
  schema?: OpenAPISchema
  /**
   * The media type key.
   * @defaultValue the class's `mediaType`, or `application/octet-stream` when it has none
   */
  mediaType?: string
  /**
   * Response headers, as OpenAPI Header Objects.
   * @defaultValue none
   */
  headers?: Record<string, OpenAPIHeaderObject>
}

/** An OpenAPI 3.1 Response Object. */
export interface OpenAPIResponseObject {
  /** What the response means. */
  description: string
  /** One Media Type Object per media type. */
  content: Record<string, OpenAPIMediaTypeObject>
  /** Response headers, when given. */
  headers?: Record<string, OpenAPIHeaderObject>
}

/** Schema by media type when the class has none: bytes for files, text for text. */
function defaultSchema(mediaType: string): OpenAPISchema {
  if (isJSONMediaType(mediaType)) return {}
  // SSE and JSON Lines are text streams; OpenAPI 3.1 has no item-schema keyword (3.2 adds
  // itemSchema), so they are documented as strings.
  if (/^text\//i.test(mediaType) || /^application\/(?:jsonl|x-ndjson)$/i.test(mediaType)) {
    return { type: 'string' }
  }
  return { type: 'string', format: 'binary' }
}

/**
 * Describes a response class as an OpenAPI 3.1 Response Object:
 * `{ description, content: { [mediaType]: { schema } } }`. The media type is the class's
 * `mediaType` (`application/octet-stream` when it has none, as for `FileResponse`); the schema
 * is `options.schema`, else the class's `openapiSchema` (a `FastJSONResponse.withSchema`
 * class reuses its schema), else one derived from the media type: `{}` for JSON,
 * `{ type: 'string' }` for text, SSE and JSON Lines, `{ type: 'string', format: 'binary' }`
 * otherwise. Throws `TypeError` for a missing description or a class that is not a function.
 *
 * @example
 * ```ts
 * import { JSONResponse, SSEResponse, openapiResponse } from 'response-kit'
 * const responses = {
 *   200: openapiResponse(JSONResponse, { description: 'The user', schema: { type: 'object' } }),
 *   202: openapiResponse(SSEResponse, { description: 'Progress events' }),
 * }
 * ```
 * @see {@link https://spec.openapis.org/oas/v3.1.0#response-object | OpenAPI Response Object}
 */
export function openapiResponse(
  Class: ResponseClassLike,
  options: OpenAPIResponseOptions
): OpenAPIResponseObject {
  if (typeof Class !== 'function') {
    throw new TypeError('openapiResponse Class must be a response class')
  }
  if (typeof options?.description !== 'string') {
    throw new TypeError('openapiResponse options.description must be a string')
  }
  const mediaType = options.mediaType ?? Class.mediaType ?? 'application/octet-stream'
  const schema = options.schema ?? Class.openapiSchema ?? defaultSchema(mediaType)
  const response: OpenAPIResponseObject = {
    description: options.description,
    content: { [mediaType]: { schema } },
  }
  if (options.headers !== undefined) response.headers = options.headers
  return response
}
