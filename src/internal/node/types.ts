/**
 * The Node request/response pairs the writer accepts: `node:http` (and `https`), and the
 * HTTP/2 compatibility API.
 *
 * @internal
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2'

/** A Node response the writer can write to. @internal */
export type NodeResponse = ServerResponse | Http2ServerResponse

/** A Node request the lazy `Request` can be built from. @internal */
export type NodeRequest = IncomingMessage | Http2ServerRequest
