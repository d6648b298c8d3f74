/** Types for negotiator's encoding module (its typings cover only the package root). @internal */
declare module 'negotiator/lib/encoding.js' {
  function preferredEncodings(
    accept: string | undefined,
    provided?: readonly string[],
    preferred?: readonly string[]
  ): string[]
  export default preferredEncodings
}
