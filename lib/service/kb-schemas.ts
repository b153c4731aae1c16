import { z } from 'zod';
import { optional, pageParam } from '@/lib/search-params';
import { versionField } from '@/lib/validation';

// The knowledge base's forms and URL filters (client-safe). Messages are "validation" catalog keys.

export const KB_PAGE_SIZE = 20;
export const KB_STATUSES = ['draft', 'published', 'archived'] as const;
export type KbStatus = (typeof KB_STATUSES)[number];

/** Han characters (the same ranges as db/schema/kb.ts CJK_CLASS). */
export const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/**
 * A URL-safe slug from a title: ASCII letters and digits (accents dropped, full-width forms
 * folded) and Han characters kept, everything else a hyphen. 如何申请退款 stays 如何申请退款
 * (browsers show it as typed; links encode it).
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  if (!slug) return 'article';
  // /kb/new and /kb/categories are pages of their own.
  return RESERVED_SLUGS.has(slug) ? `${slug}-article` : slug;
}

const RESERVED_SLUGS = new Set(['new', 'categories']);

/** The article page of a slug in the app (signed-in staff). */
export function articleUrl(slug: string): string {
  return `/kb/${encodeURIComponent(slug)}`;
}

/** A slug from the route: Next passes it as it came in the URL, percent-encoded when it has Chinese. */
export function routeSlug(raw: string): string | null {
  try {
    const slug = raw.includes('%') ? decodeURIComponent(raw) : raw;
    return slug.length > 0 && slug.length <= 200 ? slug : null;
  } catch {
    return null;
  }
}

/** The public help-centre page of a published article (no sign-in: the link a reply gives the customer). */
export function helpArticlePath(slug: string): string {
  return `/help/${encodeURIComponent(slug)}`;
}

/** The reply form's article search: a crafted call cannot ask for a longer query. */
export const ReplyArticleSearchSchema = z.object({ q: z.string().trim().max(200) });

const blankToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);

/** Tags as typed: comma-separated, trimmed, lower-cased, unique, at most 10 of ≤ 30 characters. */
const tagsField = z.preprocess(
  (v) =>
    Array.isArray(v)
      ? v
      : typeof v === 'string'
        ? [
            ...new Set(
              v
                .split(/[,，]/)
                .map((t) => t.trim().toLowerCase())
                .filter(Boolean),
            ),
          ]
        : [],
  z.array(z.string().max(30, 'kbTag')).max(10, 'kbTags'),
);

const articleFields = {
  title: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  body: z.string().trim().min(1, 'required').max(100_000, 'tooLong'),
  categoryId: z.preprocess(blankToNull, z.uuid('invalid').nullable()),
  tags: tagsField,
};

export const CreateArticleSchema = z.object({
  ...articleFields,
  /** The form's second submit button: save and publish at once. */
  publish: z.preprocess((v) => v === 'true' || v === 'on' || v === true, z.boolean()).default(false),
});
export type CreateArticleInput = z.infer<typeof CreateArticleSchema>;

export const UpdateArticleSchema = z.object({ id: z.uuid(), version: versionField, ...articleFields });
export type UpdateArticleInput = z.infer<typeof UpdateArticleSchema>;

export const SetArticleStatusSchema = z.object({ id: z.uuid(), version: versionField, status: z.enum(KB_STATUSES) });
export type SetArticleStatusInput = z.infer<typeof SetArticleStatusSchema>;

export const VoteSchema = z.object({ id: z.uuid(), helpful: z.boolean() });
export type VoteInput = z.infer<typeof VoteSchema>;

export const CategorySchema = z.object({
  id: z.preprocess(blankToNull, z.uuid().nullable()).default(null),
  version: z.preprocess(blankToNull, versionField.nullable()).default(null),
  name: z.string().trim().min(1, 'required').max(80, 'tooLong'),
  position: z
    .preprocess(blankToNull, z.coerce.number('invalid').int('invalid').min(0).max(999).nullable())
    .default(null),
});
export type CategoryInput = z.infer<typeof CategorySchema>;

export const DeleteCategorySchema = z.object({ id: z.uuid(), version: versionField });
export type DeleteCategoryInput = z.infer<typeof DeleteCategorySchema>;

/** /kb's URL filters; unusable values are dropped. */
export const KbFilterSchema = z.object({
  q: optional(z.string().trim().max(200)),
  category: optional(z.uuid()),
  tag: optional(z.string().trim().toLowerCase().max(30)),
  status: z.enum([...KB_STATUSES, 'all']).catch('all'),
  page: pageParam,
});
export type KbFilter = z.infer<typeof KbFilterSchema>;
