/**
 * The one place a thrown value becomes a response: an `HTTPException` gives its own JSON
 * answer; anything else is reported and answered with a generic 500 that leaks nothing.
 *
 * @internal
 * @module
 */
import { isHTTPException } from '../../http-exception'
import { JSONResponse } from '../../json'
import { report } from './report'
import type { ErrorHandler } from '../../response'

/** Turns `error` into a response; reports everything that is not an `HTTPException`. @internal */
export function errorToResponse(error: unknown, onError: ErrorHandler | undefined): Response {
  if (isHTTPException(error)) return error.toResponse()
  report(onError, error, { phase: 'adapter' })
  return new JSONResponse({ detail: 'Internal Server Error' }, { status: 500 })
}
