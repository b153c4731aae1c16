// The embeddable web-to-lead form an admin copies from Settings (pure: no server imports).
import { HONEYPOT_FIELD_NAME } from './capture-fields';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A plain HTML form that posts to the public endpoint: works on any site without JavaScript, and
 * carries the honeypot field (off screen, skipped by keyboard and screen readers, left empty by
 * people). Field names are the ones the endpoint reads.
 */
export function leadFormSnippet(endpoint: string): string {
  const a = escapeHtml(endpoint);
  return `<form action="${a}" method="post" accept-charset="UTF-8">
  <p><label>First name <input name="firstName" required maxlength="100" autocomplete="given-name"></label></p>
  <p><label>Last name <input name="lastName" maxlength="100" autocomplete="family-name"></label></p>
  <p><label>Email <input name="email" type="email" required maxlength="254" autocomplete="email"></label></p>
  <p><label>Phone <input name="phone" type="tel" maxlength="40" autocomplete="tel"></label></p>
  <p><label>Company <input name="company" maxlength="200" autocomplete="organization"></label></p>
  <p><label>Employees <input name="employees" inputmode="numeric" maxlength="12"></label></p>
  <p><label>Message <textarea name="message" maxlength="2000"></textarea></label></p>
  <div style="position:absolute;left:-10000px" aria-hidden="true">
    <label>Leave this empty <input name="${HONEYPOT_FIELD_NAME}" tabindex="-1" autocomplete="off"></label>
  </div>
  <p><button type="submit">Send</button></p>
</form>`;
}
