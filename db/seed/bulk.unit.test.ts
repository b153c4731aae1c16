import { describe, expect, it } from 'vitest';
import { lit } from './bulk';

describe('SQL literals for bulk inserts', () => {
  it('doubles single quotes so a name cannot end the string', () => {
    expect(lit("O'Brien'); DROP TABLE users;--")).toBe("'O''Brien''); DROP TABLE users;--'");
  });
  it('writes NULL, booleans, numbers, dates and text arrays', () => {
    expect(lit(null)).toBe('NULL');
    expect(lit(undefined)).toBe('NULL');
    expect(lit(true)).toBe('TRUE');
    expect(lit(12.5)).toBe('12.5');
    expect(lit(new Date('2026-01-02T03:04:05Z'))).toBe("'2026-01-02T03:04:05.000Z'");
    expect(lit(['vip', 'say "hi"', "it's"])).toBe(`'{"vip","say \\"hi\\"","it''s"}'`);
  });
  it('refuses non-finite numbers', () => {
    expect(() => lit(Number.NaN)).toThrow();
  });
});
