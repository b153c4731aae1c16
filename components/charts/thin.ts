/**
 * At most `max` items of a series, evenly spaced, the first and the last always kept (a
 * cumulative line keeps its end value). A long series (a weekly line over years) drawn point by
 * point and repeated in the table beside it made a page of a megabyte; the shape survives thinning.
 */
export function evenlySpaced<T>(items: readonly T[], max: number): T[] {
  if (max < 2) throw new RangeError('evenlySpaced: max must be at least 2');
  if (items.length <= max) return [...items];
  const step = (items.length - 1) / (max - 1);
  const picked: T[] = [];
  for (let i = 0; i < max; i++) picked.push(items[Math.round(i * step)]);
  return picked;
}
