import { describe, expect, it, vi } from 'vitest'
import { HTTPException, isHTTPException } from '../src/http-exception'
import { errorToResponse } from '../src/internal/core/error-response'

describe('HTTPException', () => {
  describe('constructor', () => {
    it('is an Error with name, status, detail and headers', () => {
      const error = new HTTPException(403, 'No entry', { 'x-reason': 'banned' })
      expect(error).toBeInstanceOf(Error)
      expect(error.name).toBe('HTTPException')
      expect(error.message).toBe('No entry')
      expect(error.status).toBe(403)
      expect(error.detail).toBe('No entry')
      expect(error.headers).toEqual({ 'x-reason': 'banned' })
    })

    it('defaults detail to the reason phrase, or "Error" for an uncommon status', () => {
      expect(new HTTPException(404).detail).toBe('Not Found')
      expect(new HTTPException(422).detail).toBe('Unprocessable Content')
      expect(new HTTPException(499).detail).toBe('Error')
    })

    it('keeps a structured detail and uses the phrase as the message', () => {
      const detail = [{ loc: ['body', 'age'], msg: 'must be positive' }]
      const error = new HTTPException(422, detail)
      expect(error.detail).toBe(detail)
      expect(error.message).toBe('Unprocessable Content')
    })

    for (const status of [399, 600, 200, 404.5, Number.NaN]) {
      it(`throws a RangeError for status ${status}`, () => {
        expect(() => new HTTPException(status)).toThrow(RangeError)
        expect(() => new HTTPException(status)).toThrow(/400 to 599/)
      })
    }

    it('throws a TypeError for CR or LF in a header value, where it is thrown', () => {
      expect(() => new HTTPException(401, 'x', { 'www-authenticate': 'Bearer\r\nx: y' })).toThrow(
        TypeError
      )
    })
  })

  describe('toResponse', () => {
    it('answers {"detail": …} as JSON with its status and headers', async () => {
      const res = new HTTPException(401, 'Sign in first', {
        'www-authenticate': 'Bearer',
      }).toResponse()
      expect(res).toBeInstanceOf(Response)
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toBe('application/json')
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(await res.text()).toBe('{"detail":"Sign in first"}')
    })

    it('serialises a structured detail', async () => {
      const res = new HTTPException(422, { field: 'age', problems: ['negative'] }).toResponse()
      expect(await res.json()).toEqual({ detail: { field: 'age', problems: ['negative'] } })
    })
  })

  describe('isHTTPException', () => {
    it('is true for instances and false for look-alikes', () => {
      expect(isHTTPException(new HTTPException(400))).toBe(true)
      expect(isHTTPException(new Error('x'))).toBe(false)
      expect(isHTTPException({ name: 'HTTPException', status: 400, detail: 'x' })).toBe(false)
      expect(isHTTPException(JSON.parse('{"constructor":{"name":"HTTPException"}}'))).toBe(false)
      expect(isHTTPException(null)).toBe(false)
    })

    it('recognises an exception from another copy by its Symbol.for brand', () => {
      const foreign = Object.assign(new Error('x'), { status: 409 })
      Object.defineProperty(foreign, Symbol.for('response-kit.http-exception'), { value: true })
      expect(isHTTPException(foreign)).toBe(true)
    })
  })
})

describe('errorToResponse', () => {
  it('turns an HTTPException into its response without reporting it', async () => {
    const onError = vi.fn()
    const res = errorToResponse(new HTTPException(418, 'teapot'), onError)
    expect(res.status).toBe(418)
    expect(await res.text()).toBe('{"detail":"teapot"}')
    expect(onError).not.toHaveBeenCalled()
  })

  it('answers any other error with a generic 500 and reports it', async () => {
    const onError = vi.fn()
    const error = new Error('database password is hunter2')
    const res = errorToResponse(error, onError)
    expect(res.status).toBe(500)
    const body = await res.text()
    expect(body).toBe('{"detail":"Internal Server Error"}')
    expect(body).not.toContain('hunter2')
    expect(onError).toHaveBeenCalledWith(error, { phase: 'adapter' })
  })
})
