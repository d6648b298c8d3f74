/** Checks for app/fast-json.ts: a precompiled serializer, the no-schema path and compiling. */
import { expect } from 'vitest'
import { fetchReply, type Case } from './case'

export const fastJsonCases: Case[] = [
  {
    subject: 'FastJSONResponse',
    name: 'serialises with a precompiled standalone serializer and drops unknown keys',
    async run(base, d) {
      const r = await fetchReply(base, d, '/fast-json')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/json')
      expect(r.body.toString()).toBe('{"id":7,"name":"é","v":[1.5,-2,3e-7]}')
    },
  },
  {
    subject: 'FastJSONResponse',
    name: 'writes the same bytes as JSON.stringify without a schema',
    async run(base, d) {
      const r = await fetchReply(base, d, '/fast-json-plain')
      expect(r.status).toBe(201)
      expect(r.body.toString()).toBe(JSON.stringify({ a: [1, 'x', null] }))
    },
  },
  {
    subject: 'FastJSONResponse',
    name: 'compiles a schema at run time only where code generation is allowed',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/fast-json-compile')
      if (q.noCodeGeneration) {
        // The edge build (workerd / edge-light condition) refuses to compile and says why.
        expect(r.status).toBe(500)
        expect(r.body.toString()).toMatch(/TypeError: .*precompile/)
      } else {
        expect(r.status).toBe(200)
        expect(r.body.toString()).toBe('{"id":1}')
      }
    },
  },
  {
    subject: 'FastJSONResponse',
    name: 'writes compiled data in the schema shape and out of it as the schema says',
    async run(base, d, q) {
      const fit = await fetchReply(base, d, '/fast-json-compile-fit')
      const unfit = await fetchReply(base, d, '/fast-json-compile-unfit')
      if (q.noCodeGeneration) {
        expect([fit.status, unfit.status]).toEqual([500, 500])
        return
      }
      expect(fit.body.toString()).toBe('{"id":2,"name":"ü \\"q\\"\u2028","v":[0.1,0,1e+21]}')
      expect(fit.headers['content-length']).toBe(String(fit.body.length))
      expect(unfit.body.toString()).toBe('{"id":3,"name":"n"}')
    },
  },
]
