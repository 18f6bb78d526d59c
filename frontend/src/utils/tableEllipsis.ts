/**
 * A table cell cut with "…" that shows its whole text in a tooltip when hovered. Naive UI's
 * plain `ellipsis: { tooltip: true }` mounts a tooltip (popover, binder, follower) in every
 * cell as it renders: on the users list that was 100 popovers per screen and most of the time
 * from a click in the sidebar to rows on screen (issue 14). The performant variant renders a
 * plain span and mounts the tooltip only when the pointer enters the cell.
 */
export const ELLIPSIS = { ellipsis: { tooltip: true }, ellipsisComponent: 'performant-ellipsis' } as const
