import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { FastJSONResponse } from '../src/fast-json'
import { FileResponse } from '../src/file'
import { HTMLResponse } from '../src/html'
import { JSONResponse } from '../src/json'
import { NDJSONResponse } from '../src/ndjson'
import { openapiResponse } from '../src/openapi'
import { PlainTextResponse } from '../src/plain-text'
import { BaseResponse } from '../src/response'
import { SSEResponse } from '../src/sse'
import { StreamingResponse } from '../src/streaming'

const userSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
  required: ['id'],
}
const UserResponse = FastJSONResponse.withSchema(userSchema)

/** A file-like class: no fixed media type (it is decided per file), as FileResponse. */
class DownloadResponse extends BaseResponse {
  static override mediaType: string | null = null
}

describe('openapiResponse', () => {
  describe('media type and schema', () => {
    it('reuses a FastJSON class schema', () => {
      expect(openapiResponse(UserResponse, { description: 'A user' })).toEqual({
        description: 'A user',
        content: { 'application/json': { schema: userSchema } },
      })
    })

    it('documents SSE as text/event-stream', () => {
      expect(openapiResponse(SSEResponse, { description: 'Events' }).content).toEqual({
        'text/event-stream': { schema: { type: 'string' } },
      })
    })

    it('documents a class without a media type as binary octet-stream', () => {
      expect(openapiResponse(DownloadResponse, { description: 'The file' }).content).toEqual({
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      })
    })

    it('documents FileResponse as binary', () => {
      expect(openapiResponse(FileResponse, { description: 'A download' }).content).toEqual({
        'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
      })
    })

    it('derives text, JSON and NDJSON schemas from the class media type', () => {
      expect(openapiResponse(PlainTextResponse, { description: 't' }).content).toEqual({
        'text/plain': { schema: { type: 'string' } },
      })
      expect(openapiResponse(HTMLResponse, { description: 'h' }).content).toHaveProperty(
        'text/html'
      )
      expect(openapiResponse(JSONResponse, { description: 'j' }).content).toEqual({
        'application/json': { schema: {} },
      })
      expect(openapiResponse(NDJSONResponse, { description: 'n' }).content).toEqual({
        'application/x-ndjson': { schema: { type: 'string' } },
      })
    })

    it('lets options.schema, mediaType and headers win', () => {
      const res = openapiResponse(StreamingResponse, {
        description: 'CSV',
        mediaType: 'text/csv',
        schema: { type: 'string', contentMediaType: 'text/csv' },
        headers: { 'x-total': { schema: { type: 'integer' } } },
      })
      expect(res).toEqual({
        description: 'CSV',
        content: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } },
        headers: { 'x-total': { schema: { type: 'integer' } } },
      })
    })
  })

  describe('bad input', () => {
    it('throws a TypeError for a missing description or a non-class', () => {
      expect(() => openapiResponse(JSONResponse, {} as never)).toThrow(/description/)
      expect(() => openapiResponse({} as never, { description: 'x' })).toThrow(/Class/)
    })
  })

  describe('in a document', () => {
    it('produces an OpenAPI 3.1 document the validator accepts', async () => {
      const document = {
        openapi: '3.1.0',
        info: { title: 'response-kit demo', version: '1.0.0' },
        paths: {
          '/users/{id}': {
            get: {
              parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
              responses: {
                '200': openapiResponse(UserResponse, { description: 'The user' }),
                '404': openapiResponse(JSONResponse, {
                  description: 'No such user',
                  schema: { type: 'object', properties: { detail: { type: 'string' } } },
                }),
              },
            },
          },
          '/events': {
            get: { responses: { '200': openapiResponse(SSEResponse, { description: 'Events' }) } },
          },
          '/download': {
            get: {
              responses: {
                '200': openapiResponse(DownloadResponse, { description: 'A file' }),
                '206': openapiResponse(FileResponse, { description: 'Part of the file' }),
              },
            },
          },
          '/page': {
            get: { responses: { '200': openapiResponse(HTMLResponse, { description: 'Page' }) } },
          },
        },
      }
      const validator = new Validator()
      const result = await validator.validate(document)
      expect(result.errors).toBeUndefined()
      expect(result.valid).toBe(true)
    })

    it('has the validator reject a response object without description (the check can fail)', async () => {
      const bad: Partial<ReturnType<typeof openapiResponse>> = openapiResponse(JSONResponse, {
        description: 'x',
      })
      delete bad.description
      const result = await new Validator().validate({
        openapi: '3.1.0',
        info: { title: 't', version: '1' },
        paths: { '/': { get: { responses: { '200': bad } } } },
      })
      expect(result.valid).toBe(false)
    })
  })
})
