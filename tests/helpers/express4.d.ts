/** `express4` is `npm:express@4`; its API for these tests is the one @types/express describes. */
declare module 'express4' {
  import express from 'express'
  export default express
}
