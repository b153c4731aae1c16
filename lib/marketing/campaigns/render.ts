// Campaign bodies: merge fields, links and tracking (pure: no db/, next/ or react imports; unit-tested
// in render.unit.test.ts). A template names recipient data as {{field}}; only MERGE_FIELDS exist, and
// a body naming anything else is refused at save (unknownMergeFields) rather than sent with a hole.

export const MERGE_FIELDS = ['first_name', 'last_name', 'company', 'email', 'unsubscribe_url'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Record<MergeField, string>;

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The names used as {{name}} that are not merge fields, once each, in order of appearance. */
export function unknownMergeFields(template: string): string[] {
  const unknown: string[] = [];
  for (const m of template.matchAll(FIELD)) {
    const name = m[1];
    if (!(MERGE_FIELDS as readonly string[]).includes(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** Fills the merge fields; in 'html' every value is escaped (a customer named `<script>` stays text). */
export function fillMergeFields(template: string, values: MergeValues, mode: 'html' | 'text'): string {
  return template.replace(FIELD, (whole, name: string) => {
    if (!(MERGE_FIELDS as readonly string[]).includes(name)) return whole;
    const value = values[name as MergeField] ?? '';
    return mode === 'html' ? escapeHtml(value) : value;
  });
}

const HREF = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gi;
const TEXT_URL = /https?:\/\/[^\s<>"'{}]+/g;

/** An href as written in HTML, with the entities a browser would decode in it. */
function decodeHref(raw: string): string {
  return raw
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}

const trackable = (url: string) => /^https?:\/\//i.test(url) && !url.includes('{{');

/**
 * The http(s) URLs of the bodies: the HTML's link targets and the URLs written in the text. These
 * (and only these) are the targets the click redirect follows. URLs built from merge fields are
 * per recipient and are not tracked.
 */
export function extractLinks(html: string | null, text: string): string[] {
  const links = new Set<string>();
  for (const m of (html ?? '').matchAll(HREF)) {
    const url = decodeHref(m[3]);
    if (trackable(url)) links.add(url);
  }
  for (const m of text.matchAll(TEXT_URL)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    if (trackable(url)) links.add(url);
  }
  return [...links].slice(0, 200);
}

export type Tracking = {
  /** The open pixel's URL, or null for no pixel (a test send). */
  openUrl: string | null;
  /** The click redirect for a link of the body, or null to leave links as written. */
  clickUrl: ((url: string) => string) | null;
};

export type Rendered = { subject: string; html: string | null; text: string };

/**
 * One recipient's email. In the HTML, links of the body go through the click redirect and the
 * open pixel is added at the end of the body; merge values are escaped. A body without
 * {{unsubscribe_url}} gets a visible unsubscribe line (the law and RFC 8058's senders' rules want one).
 */
export function renderCampaign(
  template: { subject: string; bodyHtml: string | null; bodyText: string },
  values: MergeValues,
  tracking: Tracking,
  unsubscribeLabel = 'Unsubscribe',
): Rendered {
  const subject = fillMergeFields(template.subject, values, 'text').replace(/[\r\n]+/g, ' ');
  let text = fillMergeFields(template.bodyText, values, 'text');
  if (!/\{\{\s*unsubscribe_url\s*\}\}/.test(template.bodyText))
    text = `${text.trimEnd()}\n\n-- \n${unsubscribeLabel}: ${values.unsubscribe_url}\n`;
  if (template.bodyHtml === null) return { subject, html: null, text };

  let html = template.bodyHtml;
  if (tracking.clickUrl) {
    const click = tracking.clickUrl;
    html = html.replace(HREF, (whole, head: string, quote: string, raw: string) => {
      const url = decodeHref(raw);
      return trackable(url) ? `${head}${quote}${escapeHtml(click(url))}${quote}` : whole;
    });
  }
  html = fillMergeFields(html, values, 'html');
  const extra: string[] = [];
  if (!/\{\{\s*unsubscribe_url\s*\}\}/.test(template.bodyHtml))
    extra.push(
      `<p style="color:#64748b;font-size:12px"><a href="${escapeHtml(values.unsubscribe_url)}">${escapeHtml(unsubscribeLabel)}</a></p>`,
    );
  if (tracking.openUrl)
    extra.push(
      `<img src="${escapeHtml(tracking.openUrl)}" width="1" height="1" alt="" style="display:block;border:0">`,
    );
  if (extra.length) {
    const close = html.search(/<\/body\s*>/i);
    html =
      close >= 0 ? `${html.slice(0, close)}${extra.join('\n')}${html.slice(close)}` : `${html}\n${extra.join('\n')}`;
  }
  return { subject, html, text };
}

/**
 * First and last name for the merge: a primary contact's when the customer has one, else the
 * customer's name split at the first space for a person; `company` is a company's name.
 */
export function mergeNames(customer: {
  kind: string;
  name: string;
  contactFirstName: string | null;
  contactLastName: string | null;
}): Pick<MergeValues, 'first_name' | 'last_name' | 'company'> {
  const company = customer.kind === 'company' ? customer.name : '';
  if (customer.contactFirstName)
    return { first_name: customer.contactFirstName, last_name: customer.contactLastName ?? '', company };
  if (customer.kind === 'company') return { first_name: '', last_name: '', company };
  const [first, ...rest] = customer.name.trim().split(/\s+/);
  return { first_name: first ?? '', last_name: rest.join(' '), company };
}
