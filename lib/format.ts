const CJK = /[\u3400-\u9fff]/;

/** A person's display name: "First Last", or family name first without a space for Chinese names (王伟). */
export function personName(first: string, last: string | null | undefined): string {
  if (!last) return first;
  return CJK.test(first) || CJK.test(last) ? `${last}${first}` : `${first} ${last}`;
}
