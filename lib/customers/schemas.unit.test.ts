import { describe, expect, it } from 'vitest';
import { BulkTagSchema, CustomerSchema } from './schemas';

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message) ?? [];

describe('tags', () => {
  it('a tag that looks like a spreadsheet formula is refused as a formula, not as too many or too long', () => {
    const tags = CustomerSchema.pick({ tags: true });
    expect(messages(tags.safeParse({ tags: '=cmd, vip' }))).toEqual(['formula']);
    expect(messages(tags.safeParse({ tags: 'vip, @home' }))).toEqual(['formula']);
    expect(messages(tags.safeParse({ tags: 'x'.repeat(31) }))).toEqual(['tags']);
    expect(messages(tags.safeParse({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }))).toEqual([
      'tags',
    ]);
    expect(tags.safeParse({ tags: 'vip, b2b' }).data).toEqual({ tags: ['vip', 'b2b'] });
  });

  it('the bulk tag says the same', () => {
    const ids = ['5d0b1f9e-1c1a-4c59-9a3e-5b8f0c2d7e41'];
    expect(messages(BulkTagSchema.safeParse({ ids, tag: '=cmd' }))).toEqual(['formula']);
    expect(messages(BulkTagSchema.safeParse({ ids, tag: 'a,b' }))).toEqual(['tags']);
  });
});
