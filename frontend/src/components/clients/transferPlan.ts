/**
 * What the transfer dialog shows and sends (PRODUCT.md F8.2, F8.3): the even split of a
 * spread, the request for Go, and the progress as a percentage. Go does the real split
 * (at random); this is its preview.
 */
import type { MoveRequest, Progress } from '@/api/clients'

export type TransferMode = 'transfer' | 'spread' | 'assign' | 'unassign'

/**
 * The shares of an even split of total clients over n recipients: every share is
 * floor(total / n) or one more, the larger ones first, summing to total.
 */
export function evenShares(total: number, n: number): number[] {
  if (n <= 0 || total < 0) return []
  const base = Math.floor(total / n)
  const extra = total % n
  return Array.from({ length: n }, (_, i) => base + (i < extra ? 1 : 0))
}

/** Which clients a dialog acts on: a selection, a user's whole portfolio, or all unassigned. */
export interface TransferSource {
  fromUserId: string
  clientIds: string[]
  allUnassigned: boolean
  /** how many clients that is */
  count: number
}

/** The recipients the mode allows: one for transfer/assign, two or more for spread, none to unassign. */
export function recipientsOk(mode: TransferMode, recipients: readonly string[], fromUserId: string): boolean {
  if (recipients.includes(fromUserId) && fromUserId !== '') return false
  switch (mode) {
    case 'unassign':
      return recipients.length === 0
    case 'spread':
      return recipients.length >= 2
    default:
      return recipients.length === 1
  }
}

/** Whether the dialog may send: something to move, valid recipients, nothing running. */
export function canSubmit(mode: TransferMode, source: TransferSource, recipients: readonly string[], running: boolean): boolean {
  return !running && source.count > 0 && recipientsOk(mode, recipients, source.fromUserId)
}

/** The request for ClientsService.Transfer. */
export function moveRequest(mode: TransferMode, source: TransferSource, recipients: readonly string[]): MoveRequest {
  return {
    fromUserId: source.fromUserId,
    clientIds: [...source.clientIds],
    allUnassigned: source.clientIds.length === 0 && source.allUnassigned,
    toUserIds: mode === 'unassign' ? [] : [...new Set(recipients)],
  }
}

/** Progress as a whole percentage, 0–100. */
export function percent(p: Progress | null): number {
  if (!p || p.total <= 0) return 0
  return Math.min(100, Math.max(0, Math.floor((p.done * 100) / p.total)))
}
