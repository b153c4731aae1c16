import { describe, expect, it } from 'vitest';
import { searchHref } from './href';
import {
  cjkNameVariants,
  contactDisplayName,
  escapeLike,
  extractDigits,
  normalizeQuery,
  normalizeText,
  parseCaseNumber,
  phoneDigitsOf,
} from './query';

describe('normalizeText', () => {
  it('trims, collapses inner whitespace and folds full-width forms from Chinese IMEs to ASCII', () => {
    expect(normalizeText('  John \t  Smith \n')).toBe('John Smith');
    expect(normalizeText('ＣＳ－１２３４')).toBe('CS-1234');
    expect(normalizeText('王\u3000伟')).toBe('王 伟'); // ideographic space
  });
});

describe('normalizeQuery', () => {
  it('counts characters, not bytes or UTF-16 units: "王伟" is 2 and searchable, "王" is not', () => {
    expect(normalizeQuery('王伟')).toMatchObject({ chars: 2, searchable: true, cjk: true, trigram: false });
    expect(normalizeQuery('王')).toMatchObject({ chars: 1, searchable: false });
    expect(normalizeQuery(' a ')).toMatchObject({ searchable: false });
    expect(normalizeQuery('')).toMatchObject({ searchable: false, text: '' });
  });

  it('uses trigrams from 3 characters on', () => {
    expect(normalizeQuery('jo').trigram).toBe(false);
    expect(normalizeQuery('joh').trigram).toBe(true);
    expect(normalizeQuery('王伟明').trigram).toBe(true);
  });

  it('keeps at most 100 characters, cut on a character boundary', () => {
    const q = normalizeQuery('字'.repeat(150));
    expect(q.chars).toBe(100);
    expect(q.text).toBe('字'.repeat(100));
  });

  it('lower-cases for the exact and prefix tiers and marks queries with letters', () => {
    expect(normalizeQuery('Jonh SMITH')).toMatchObject({ lower: 'jonh smith', hasLetters: true });
    expect(normalizeQuery('415-555-0132').hasLetters).toBe(false);
  });
});

describe('extractDigits and phoneDigitsOf', () => {
  it('keeps only digits: "+1 (555) 010-1234" → "15550101234"', () => {
    expect(extractDigits('+1 (555) 010-1234')).toBe('15550101234');
    expect(extractDigits('no digits')).toBe('');
  });

  it('matches phones from 4 digits on, and only for queries without letters', () => {
    expect(phoneDigitsOf('555')).toBeNull();
    expect(phoneDigitsOf('0132')).toBe('0132');
    expect(phoneDigitsOf('Order 2024 Acme')).toBeNull();
    expect(phoneDigitsOf('CS-1234')).toBeNull();
  });

  it('keeps the last 8 digits of a long number so a country code does not prevent a match', () => {
    expect(phoneDigitsOf('+86 138 0013 8000')).toBe('00138000'); // 8613800138000 → last 8
    expect(phoneDigitsOf('555-0101')).toBe('5550101'); // 7 digits: all of them
    expect(normalizeQuery('+86 138 0013 8000')).toMatchObject({ phoneDigits: '00138000', allDigits: '8613800138000' });
  });
});

describe('parseCaseNumber', () => {
  it.each([
    ['1234', 1234],
    ['#1234', 1234],
    ['CS-1234', 1234],
    ['cs1234', 1234],
    ['CS 1234', 1234],
    ['case 1234', 1234],
    ['Case #77', 77],
    ['ＣＳ－１２３４', 1234],
  ])('reads %s as case %i', (input, expected) => {
    expect(parseCaseNumber(input)).toBe(expected);
  });

  it.each(['1234 refund', 'CS-', 'CS-12a', '12.5', '0', '1234567890123456', 'PO-1234', ''])(
    'does not read %j as a case number',
    (input) => {
      expect(parseCaseNumber(input)).toBeNull();
    },
  );
});

describe('cjkNameVariants', () => {
  it('turns a Chinese name in natural order into the stored "given surname" form', () => {
    expect(cjkNameVariants('罗明')).toEqual(['明 罗']);
    expect(cjkNameVariants('王伟明')).toEqual(['伟明 王', '明 王伟']);
    expect(cjkNameVariants('欧阳娜娜')).toEqual(['阳娜娜 欧', '娜娜 欧阳']);
  });

  it('leaves Latin text, spaced text and long text alone', () => {
    expect(cjkNameVariants('John')).toEqual([]);
    expect(cjkNameVariants('明 罗')).toEqual([]);
    expect(cjkNameVariants('上海嘉禾科技')).toEqual([]);
  });
});

describe('contactDisplayName', () => {
  it('writes Chinese names surname first without a space, others "First Last"', () => {
    expect(contactDisplayName('明', '罗')).toBe('罗明');
    expect(contactDisplayName('John', 'Smith')).toBe('John Smith');
    expect(contactDisplayName('Cher', null)).toBe('Cher');
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards so "50%_off" matches literally', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});

describe('searchHref', () => {
  const ids = { id: 'row-id', customerId: 'cust-id' };
  it("links customers to their page, contacts to their customer's contacts, deals to their customer, cases to their page", () => {
    expect(searchHref('customer', { id: 'cust-id', customerId: 'cust-id' })).toBe('/customers/cust-id');
    expect(searchHref('contact', ids)).toBe('/customers/cust-id#contacts');
    expect(searchHref('deal', ids)).toBe('/customers/cust-id');
    expect(searchHref('case', ids)).toBe('/cases/row-id');
  });
});
