/** Badge colour per order status (list and order page). */
export const STATUS_TONES = {
  pending: 'amber',
  paid: 'blue',
  fulfilled: 'green',
  cancelled: 'red',
  refunded: 'red',
} as const;
