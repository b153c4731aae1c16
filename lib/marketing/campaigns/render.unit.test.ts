import { describe, expect, it } from 'vitest';
import {
  extractLinks,
  fillMergeFields,
  type MergeValues,
  mergeNames,
  renderCampaign,
  unknownMergeFields,
} from './render';

const values: MergeValues = {
  first_name: 'Ann',
  last_name: '<b>Lee</b>',
  company: 'R&D "Works"',
  email: 'ann@example.org',
  unsubscribe_url: 'https://crm.test/unsubscribe?t=abc&x=1',
};

describe('merge fields', () => {
  it('lists the unknown names once each, and accepts the known ones with spaces inside the braces', () => {
    expect(unknownMergeFields('Hi {{ first_name }} {{firstname}} {{firstname}} {{ Company }} {{email}}')).toEqual([
      'firstname',
      'Company',
    ]);
    expect(unknownMergeFields('{{first_name}}{{last_name}}{{company}}{{email}}{{unsubscribe_url}}')).toEqual([]);
  });

  it('escapes every value in HTML and leaves text as it is', () => {
    expect(fillMergeFields('<p>{{last_name}} of {{company}}</p>', values, 'html')).toBe(
      '<p>&lt;b&gt;Lee&lt;/b&gt; of R&amp;D &quot;Works&quot;</p>',
    );
    expect(fillMergeFields('{{last_name}} of {{company}}', values, 'text')).toBe('<b>Lee</b> of R&D "Works"');
  });
});

describe('links', () => {
  it('finds http(s) targets of the HTML and URLs of the text, decoded, without merge-field URLs or mailto', () => {
    const html =
      '<a href="https://shop.test/a?x=1&amp;y=2">A</a> <a class="b" href=\'http://b.test/\'>B</a> <a href="mailto:x@y.z">m</a> <a href="{{unsubscribe_url}}">u</a>';
    expect(extractLinks(html, 'See https://c.test/page. Or https://shop.test/a?x=1&y=2')).toEqual([
      'https://shop.test/a?x=1&y=2',
      'http://b.test/',
      'https://c.test/page',
    ]);
  });
});

describe('renderCampaign', () => {
  const tracking = {
    openUrl: 'https://crm.test/o?t=1',
    clickUrl: (url: string) => `https://crm.test/c?u=${encodeURIComponent(url)}&t=2`,
  };

  it('routes body links through the click redirect, fills fields escaped, adds the pixel before </body>', () => {
    const r = renderCampaign(
      {
        subject: 'For {{first_name}}\r\nBcc: evil@x',
        bodyHtml:
          '<html><body><p>Hi {{first_name}}</p><a href="https://shop.test/">Shop</a> <a href="{{unsubscribe_url}}">Stop</a></body></html>',
        bodyText: 'Hi {{first_name}}, stop: {{unsubscribe_url}}',
      },
      values,
      tracking,
    );
    expect(r.subject).toBe('For Ann Bcc: evil@x');
    expect(r.html).toBe(
      '<html><body><p>Hi Ann</p><a href="https://crm.test/c?u=https%3A%2F%2Fshop.test%2F&amp;t=2">Shop</a> <a href="https://crm.test/unsubscribe?t=abc&amp;x=1">Stop</a>' +
        '<img src="https://crm.test/o?t=1" width="1" height="1" alt="" style="display:block;border:0"></body></html>',
    );
    expect(r.text).toBe('Hi Ann, stop: https://crm.test/unsubscribe?t=abc&x=1');
  });

  it('adds a visible unsubscribe link to a body that has none', () => {
    const r = renderCampaign({ subject: 's', bodyHtml: '<p>x</p>', bodyText: 'x' }, values, {
      openUrl: null,
      clickUrl: null,
    });
    expect(r.text).toBe('x\n\n-- \nUnsubscribe: https://crm.test/unsubscribe?t=abc&x=1\n');
    expect(r.html).toContain('<a href="https://crm.test/unsubscribe?t=abc&amp;x=1">Unsubscribe</a>');
    expect(r.html).not.toContain('<img');
  });
});

describe('mergeNames', () => {
  it("takes the primary contact's names, else splits a person's name at the first space", () => {
    expect(mergeNames({ kind: 'company', name: 'Acme', contactFirstName: 'Bo', contactLastName: null })).toEqual({
      first_name: 'Bo',
      last_name: '',
      company: 'Acme',
    });
    expect(
      mergeNames({ kind: 'person', name: ' Mary Ann  Smith ', contactFirstName: null, contactLastName: null }),
    ).toEqual({ first_name: 'Mary', last_name: 'Ann Smith', company: '' });
  });
});
