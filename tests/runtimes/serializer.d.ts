/** The standalone serializer module global-setup.ts writes; bundle.ts resolves it. */
declare module 'virtual:rk-serializer' {
  const serializer: (value: unknown) => string
  export default serializer
}
