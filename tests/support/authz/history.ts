import type { Endpoint, MatrixWorld } from '../authz-matrix.ts'

export const endpoints = (_world: () => MatrixWorld): Endpoint[] => []

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = []
