/** The honeypot field of the public lead form: hidden from people, filled by bots (client-safe constant). */
export const HONEYPOT_FIELD_NAME = 'homepage';
