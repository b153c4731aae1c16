import { describe, expect, it } from 'vitest';
import { formFields, MAX_CAPTURE_BYTES, readCaptureBody, wantsJson } from './capture-request';
import { CaptureSchema } from './schemas';

describe('readCaptureBody', () => {
  it('reads a urlencoded form, first value per name', () => {
    const body = readCaptureBody(
      'application/x-www-form-urlencoded; charset=UTF-8',
      'firstName=Ann&lastName=Lee&email=ann%40acme.example&firstName=Bob',
    );
    expect(body).toEqual({ kind: 'form', fields: { firstName: 'Ann', lastName: 'Lee', email: 'ann@acme.example' } });
  });

  it('reads a JSON object and refuses JSON that is not an object', () => {
    expect(readCaptureBody('application/json', '{"firstName":"Ann","email":"a@b.example"}')).toEqual({
      kind: 'json',
      fields: { firstName: 'Ann', email: 'a@b.example' },
    });
    expect(readCaptureBody('application/json', '[1,2]')).toEqual({ kind: 'malformed' });
    expect(readCaptureBody('application/json', '{oops')).toEqual({ kind: 'malformed' });
    expect(readCaptureBody('application/json', 'null')).toEqual({ kind: 'malformed' });
  });

  it('refuses other content types and bodies over the limit', () => {
    expect(readCaptureBody('application/xml', '<a/>')).toEqual({ kind: 'unsupported' });
    expect(readCaptureBody('application/json', `"${'x'.repeat(MAX_CAPTURE_BYTES)}"`)).toEqual({ kind: 'malformed' });
  });

  it('formFields drops files and keeps the first string', () => {
    expect(
      formFields([
        ['a', '1'],
        ['a', '2'],
        ['f', new Blob(['x']) as unknown as string],
      ]),
    ).toEqual({ a: '1' });
  });
});

describe('wantsJson', () => {
  it('JSON bodies get JSON; a form gets a redirect unless it asks for JSON only', () => {
    expect(wantsJson('json', null)).toBe(true);
    expect(wantsJson('form', 'text/html,application/xhtml+xml')).toBe(false);
    expect(wantsJson('form', 'application/json')).toBe(true);
    expect(wantsJson('form', null)).toBe(false);
  });
});

describe('CaptureSchema', () => {
  it('needs a first name and a valid email; trims and lower-cases the email; blanks become null', () => {
    const ok = CaptureSchema.safeParse({
      firstName: ' Ann ',
      email: ' Ann@Acme.Example ',
      company: '',
      employees: '1,200',
    });
    expect(ok.success && ok.data).toMatchObject({
      firstName: 'Ann',
      email: 'ann@acme.example',
      company: null,
      employees: 1200,
    });
    const bad = CaptureSchema.safeParse({ firstName: '', email: 'not-an-email', employees: 'many' });
    expect(bad.success).toBe(false);
    const fields = bad.success ? {} : bad.error.flatten().fieldErrors;
    expect(Object.keys(fields).sort()).toEqual(['email', 'employees', 'firstName']);
  });

  it('requires the email (a capture without one cannot be followed up)', () => {
    const r = CaptureSchema.safeParse({ firstName: 'Ann' });
    expect(r.success).toBe(false);
  });

  it('refuses spreadsheet formulas and overlong values', () => {
    expect(CaptureSchema.safeParse({ firstName: '=HYPERLINK("x")', email: 'a@b.example' }).success).toBe(false);
    expect(CaptureSchema.safeParse({ firstName: 'A'.repeat(101), email: 'a@b.example' }).success).toBe(false);
  });

  it('takes a message written as prose, with a list dash or an @mention at its start', () => {
    for (const message of ['- call me Monday\n- or Tuesday', '@Anna please call', '+ one more thing'])
      expect(CaptureSchema.safeParse({ firstName: 'Ann', email: 'a@b.example', message }).data?.message).toBe(message);
  });
});

describe('leadFormSnippet', () => {
  it('posts to the endpoint (escaped), names the fields the endpoint reads and carries the honeypot off screen', async () => {
    const { leadFormSnippet } = await import('./snippet');
    const html = leadFormSnippet('https://crm.example/api/public/leads?a="x"&b');
    expect(html).toContain('action="https://crm.example/api/public/leads?a=&quot;x&quot;&amp;b"');
    for (const name of ['firstName', 'lastName', 'email', 'phone', 'company', 'employees', 'message', 'homepage'])
      expect(html).toContain(`name="${name}"`);
    expect(html).toMatch(/aria-hidden="true">\s*<label>Leave this empty <input name="homepage" tabindex="-1"/);
  });
});
