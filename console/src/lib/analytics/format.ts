/** Number formats of the analytics views. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** Short label of a day key (YYYY-MM-DD → MM-DD) for chart axes. */
export const shortDay = (day: string): string => day.slice(5);
