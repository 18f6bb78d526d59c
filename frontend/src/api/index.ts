export * from './types'
export * from './errors'
export { setUnauthenticatedHandler } from './client'
export { sessionApi } from './session'
