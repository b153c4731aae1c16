import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id, ts, updatedAt, version } from './columns';
import { kbStatusEnum } from './enums';
import { users } from './users';

// The knowledge base (lib/service/kb.ts): categories, articles in Markdown, one helpful vote per user.

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Han characters (CJK unified ideographs, extension A, compatibility) each become their own token:
 * PostgreSQL has no Chinese parser, and its default parser reads a run of Han characters as one
 * word, so 退款 inside 如何申请退款 would never match. With one token per character, a Chinese
 * search is a phrase query (退 <-> 款) that matches any substring, independent of the database's
 * locale (pg_trgm drops non-ASCII characters under LC_CTYPE=C). lib/service/kb-search.ts splits
 * queries the same way.
 */
export const CJK_CLASS = '[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]';
const cjkSplit = (column: string) => `regexp_replace(${column}, '(${CJK_CLASS})', ' \\1 ', 'g')`;

export const kbCategories = pgTable(
  'kb_categories',
  {
    id: id(),
    name: varchar('name', { length: 80 }).notNull(),
    position: smallint('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('kb_categories_name_uq').on(sql`lower(${t.name})`)],
);

export const kbArticles = pgTable(
  'kb_articles',
  {
    id: id(),
    title: varchar('title', { length: 200 }).notNull(),
    slug: varchar('slug', { length: 200 }).notNull(),
    body: text('body').notNull(),
    status: kbStatusEnum('status').notNull().default('draft'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    categoryId: uuid('category_id').references(() => kbCategories.id, { onDelete: 'set null' }),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    viewCount: integer('view_count').notNull().default(0),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    publishedAt: ts('published_at'),
    /** English stems (title weight A, body B) plus one token per Han character; see CJK_CLASS. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql.raw(
        `setweight(to_tsvector('english'::regconfig, ${cjkSplit('title')}), 'A') || setweight(to_tsvector('english'::regconfig, ${cjkSplit('body')}), 'B')`,
      ),
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('kb_articles_slug_uq').on(t.slug),
    index('kb_articles_title_trgm').using('gin', sql`${t.title} gin_trgm_ops`),
    index('kb_articles_search_idx').using('gin', t.searchVector),
    index('kb_articles_status_category_idx').on(t.status, t.categoryId, t.updatedAt),
    index('kb_articles_tags_idx').using('gin', t.tags),
    check('kb_articles_helpful_ck', sql`${t.helpfulYes} >= 0 and ${t.helpfulNo} >= 0`),
  ],
);

/** One vote per user and article (a second vote changes it); the counts on kb_articles follow it. */
export const kbVotes = pgTable(
  'kb_votes',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    helpful: boolean('helpful').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);
