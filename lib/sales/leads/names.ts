// A lead's display name (client-safe).

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** "Ada Lovelace"; a Chinese name is written family name first without a space: 杨芳 (first 芳, last 杨). */
export function leadName(firstName: string, lastName: string | null): string {
  if (!lastName) return firstName;
  return CJK.test(firstName + lastName) ? `${lastName}${firstName}` : `${firstName} ${lastName}`;
}
