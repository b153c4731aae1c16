// Auth.js's own endpoints (session, CSRF token, credentials callback, sign-out). The credentials
// callback authenticates, throttles and records every attempt itself (lib/auth/auth.ts).
import { handlers } from '@/lib/auth/auth';

export const { GET, POST } = handlers;
