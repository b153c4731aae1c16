import { z } from 'zod';

// Validation messages are catalog keys (namespace "validation"); forms translate them.

export const LoginSchema = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});

export const LocaleSchema = z.enum(['en', 'zh-CN']);
