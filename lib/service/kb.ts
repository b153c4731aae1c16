import 'server-only';
import { and, arrayContains, desc, eq, type SQL, sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { kbArticles, kbCategories, kbVotes, users } from '@/db/schema';
import type { Result } from '@/lib/action-state';
import { audit, changedFields } from '@/lib/audit/audit';
import { can, type Viewer } from '@/lib/auth/permissions';
import { countCapped } from '@/lib/pagination';
import { publicBaseUrl } from './csat';
import {
  articleUrl,
  type CreateArticleInput,
  helpArticlePath,
  KB_PAGE_SIZE,
  type KbFilter,
  type KbStatus,
  type SetArticleStatusInput,
  slugify,
  type UpdateArticleInput,
  type VoteInput,
} from './kb-schemas';
import { bigrams, splitQuery } from './kb-text';

// The knowledge base: articles in Markdown (rendered sanitized by components/markdown), searched
// with PostgreSQL full-text search over kb_articles.search_vector (English stems + one token per
// Han character, db/schema/kb.ts). Everyone with kb:read sees published articles; writers (kb:write)
// also drafts and archived ones, and edit any article (the knowledge base is shared work).

export { articleUrl };

/** The absolute public address of a published article: the base the CSAT link uses (APP_URL) + /help/<slug>. */
export function helpArticleUrl(slug: string): string {
  return `${publicBaseUrl()}${helpArticlePath(slug)}`;
}

/** Articles a viewer may read: writers all, readers the published ones, anyone else none. */
export function visibleArticles(viewer: Viewer): SQL {
  if (can(viewer, 'kb:write')) return sql`true`;
  if (can(viewer, 'kb:read')) return eq(kbArticles.status, 'published');
  return sql`false`;
}

/**
 * The tsquery of a search text, or null when nothing in it is searchable. 'all': every Latin word
 * (websearch syntax: "quoted phrases", -exclusions, or) and every Han run as a phrase, so 退款
 * finds 如何申请退款. 'any' (suggestions from a case subject): any word, any pair of Han characters.
 */
export function articleQuery(text: string, mode: 'all' | 'any'): SQL | null {
  const { words, cjkRuns } = splitQuery(text);
  const parts: SQL[] = [];
  if (words) {
    const q = sql`websearch_to_tsquery('english', ${words})`;
    parts.push(mode === 'all' ? q : sql`replace(${q}::text, ' & ', ' | ')::tsquery`);
  }
  const runs = mode === 'all' ? cjkRuns : [...new Set(cjkRuns.flatMap(bigrams))].slice(0, 30);
  for (const run of runs) parts.push(sql`phraseto_tsquery('english', ${[...run].join(' ')})`);
  if (!parts.length) return null;
  return sql.join(parts, mode === 'all' ? sql` && ` : sql` || `);
}

export type ArticleListItem = {
  id: string;
  slug: string;
  title: string;
  /** The start of the body (for the snippet, lib/service/kb-text.ts). */
  excerpt: string;
  status: KbStatus;
  tags: string[];
  categoryId: string | null;
  categoryName: string | null;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
  updatedAt: Date;
};

const listColumns = {
  id: kbArticles.id,
  slug: kbArticles.slug,
  title: kbArticles.title,
  excerpt: sql<string>`left(${kbArticles.body}, 3000)`,
  status: kbArticles.status,
  tags: kbArticles.tags,
  categoryId: kbArticles.categoryId,
  categoryName: kbCategories.name,
  viewCount: kbArticles.viewCount,
  helpfulYes: kbArticles.helpfulYes,
  helpfulNo: kbArticles.helpfulNo,
  updatedAt: kbArticles.updatedAt,
};

/** Searches (ranked) or lists (newest first) the articles the viewer may read, one page in SQL. */
export async function listArticles(
  viewer: Viewer,
  filter: KbFilter,
): Promise<{ rows: ArticleListItem[]; total: number; totalExact: boolean }> {
  const conditions: SQL[] = [visibleArticles(viewer)];
  if (filter.status !== 'all') conditions.push(eq(kbArticles.status, filter.status));
  if (filter.category) conditions.push(eq(kbArticles.categoryId, filter.category));
  if (filter.tag) conditions.push(arrayContains(kbArticles.tags, [filter.tag]));
  const query = filter.q ? articleQuery(filter.q, 'all') : null;
  if (query) conditions.push(sql`${kbArticles.searchVector} @@ (${query})`);
  // A query of stop words only ("the"): nothing searchable, so nothing found rather than everything.
  else if (filter.q) conditions.push(sql`false`);
  const where = and(...conditions);
  const order = query
    ? [sql`ts_rank_cd(${kbArticles.searchVector}, ${query}) desc`, desc(kbArticles.updatedAt), kbArticles.id]
    : [desc(kbArticles.updatedAt), kbArticles.id];
  const [list, total] = await Promise.all([
    db
      .select(listColumns)
      .from(kbArticles)
      .leftJoin(kbCategories, eq(kbCategories.id, kbArticles.categoryId))
      .where(where)
      .orderBy(...order)
      .limit(KB_PAGE_SIZE)
      .offset((filter.page - 1) * KB_PAGE_SIZE),
    countCapped(db, db.select({ id: kbArticles.id }).from(kbArticles).where(where)),
  ]);
  return { rows: list, total: total.value, totalExact: total.exact };
}

/** `url`: the article in the app; `publicUrl`: its help-centre page, the link to give a customer. */
export type ArticleSuggestion = {
  id: string;
  slug: string;
  title: string;
  url: string;
  publicUrl: string;
  score: number;
};

/**
 * Published articles that may answer a case, best first: full-text matches of any word of `text`
 * (a case subject), ranked by ts_rank_cd plus the title's trigram word similarity (which also
 * catches typos the stemmer cannot). Empty for viewers without kb:read.
 */
export async function suggestArticles(viewer: Viewer, text: string, limit = 5): Promise<ArticleSuggestion[]> {
  if (!can(viewer, 'kb:read')) return [];
  const subject = text.slice(0, 300);
  const query = articleQuery(subject, 'any');
  if (!query) return [];
  const similarity = sql`word_similarity(${subject}, ${kbArticles.title})`;
  const score = sql<number>`(ts_rank_cd(${kbArticles.searchVector}, ${query}) + ${similarity})::float8`;
  const found = await db
    .select({ id: kbArticles.id, slug: kbArticles.slug, title: kbArticles.title, score })
    .from(kbArticles)
    .where(
      and(
        eq(kbArticles.status, 'published'),
        sql`(${kbArticles.searchVector} @@ (${query}) or ${subject} <% ${kbArticles.title})`,
      ),
    )
    .orderBy(desc(score), desc(kbArticles.helpfulYes), kbArticles.id)
    .limit(Math.min(Math.max(limit, 1), 20));
  return found.map((a) => ({
    ...a,
    score: Number(a.score),
    url: articleUrl(a.slug),
    publicUrl: helpArticleUrl(a.slug),
  }));
}

export type ReplyArticle = { id: string; title: string; publicUrl: string };

/**
 * Published articles for the reply form's "insert a link" search, best first: the knowledge base's
 * full-text search (every word, as on /kb) or a title that resembles the text (a word still being
 * typed, a typo). Empty for viewers without kb:read and for a text with nothing searchable.
 */
export async function searchReplyArticles(viewer: Viewer, text: string, limit = 8): Promise<ReplyArticle[]> {
  if (!can(viewer, 'kb:read')) return [];
  const q = text.trim().slice(0, 200);
  if (!q) return [];
  const query = articleQuery(q, 'all');
  const similarity = sql`word_similarity(${q}, ${kbArticles.title})`;
  const matches = query
    ? sql`(${kbArticles.searchVector} @@ (${query}) or ${q} <% ${kbArticles.title})`
    : sql`${q} <% ${kbArticles.title}`;
  const score = query ? sql`ts_rank_cd(${kbArticles.searchVector}, ${query}) + ${similarity}` : similarity;
  const found = await db
    .select({ id: kbArticles.id, slug: kbArticles.slug, title: kbArticles.title })
    .from(kbArticles)
    .where(and(eq(kbArticles.status, 'published'), matches))
    .orderBy(sql`${score} desc`, desc(kbArticles.helpfulYes), kbArticles.id)
    .limit(Math.min(Math.max(limit, 1), 20));
  return found.map((a) => ({ id: a.id, title: a.title, publicUrl: helpArticleUrl(a.slug) }));
}

export type PublicArticle = {
  slug: string;
  title: string;
  body: string;
  categoryName: string | null;
  updatedAt: Date;
};

/**
 * A published article for the public help centre (app/help/[slug]), or null for a missing, draft or
 * archived one. Anyone may read it, so it carries nothing internal: no author, views or votes.
 */
export async function getPublicArticle(slug: string): Promise<PublicArticle | null> {
  const [row] = await db
    .select({
      slug: kbArticles.slug,
      title: kbArticles.title,
      body: kbArticles.body,
      categoryName: kbCategories.name,
      updatedAt: kbArticles.updatedAt,
    })
    .from(kbArticles)
    .leftJoin(kbCategories, eq(kbCategories.id, kbArticles.categoryId))
    .where(and(eq(kbArticles.slug, slug), eq(kbArticles.status, 'published')));
  return row ?? null;
}

export type ArticleForReply = {
  id: string;
  slug: string;
  title: string;
  body: string;
  url: string;
  publicUrl: string;
};

/**
 * A published article to put into a case reply (its Markdown, its page in the app and its public
 * help-centre page, which the customer can open), or null.
 */
export async function getArticleForReply(viewer: Viewer, id: string): Promise<ArticleForReply | null> {
  if (!can(viewer, 'kb:read')) return null;
  const [row] = await db
    .select({ id: kbArticles.id, slug: kbArticles.slug, title: kbArticles.title, body: kbArticles.body })
    .from(kbArticles)
    .where(and(eq(kbArticles.id, id), eq(kbArticles.status, 'published')));
  return row ? { ...row, url: articleUrl(row.slug), publicUrl: helpArticleUrl(row.slug) } : null;
}

export type Article = {
  id: string;
  slug: string;
  title: string;
  body: string;
  status: KbStatus;
  tags: string[];
  categoryId: string | null;
  categoryName: string | null;
  authorName: string | null;
  viewCount: number;
  helpfulYes: number;
  helpfulNo: number;
  publishedAt: Date | null;
  updatedAt: Date;
  version: number;
  /** The viewer's own vote: true helpful, false not, null none. */
  myVote: boolean | null;
};

/**
 * An article by slug, or null (missing or not the viewer's to read). `countView` adds one to a
 * published article's views (not to drafts, and without touching its version).
 */
export async function getArticle(
  viewer: Viewer,
  slug: string,
  { countView = false }: { countView?: boolean } = {},
): Promise<Article | null> {
  const [row] = await db
    .select({
      id: kbArticles.id,
      slug: kbArticles.slug,
      title: kbArticles.title,
      body: kbArticles.body,
      status: kbArticles.status,
      tags: kbArticles.tags,
      categoryId: kbArticles.categoryId,
      categoryName: kbCategories.name,
      authorName: users.name,
      viewCount: kbArticles.viewCount,
      helpfulYes: kbArticles.helpfulYes,
      helpfulNo: kbArticles.helpfulNo,
      publishedAt: kbArticles.publishedAt,
      updatedAt: kbArticles.updatedAt,
      version: kbArticles.version,
      myVote: kbVotes.helpful,
    })
    .from(kbArticles)
    .leftJoin(kbCategories, eq(kbCategories.id, kbArticles.categoryId))
    .leftJoin(users, eq(users.id, kbArticles.authorId))
    .leftJoin(kbVotes, and(eq(kbVotes.articleId, kbArticles.id), eq(kbVotes.userId, viewer.userId)))
    .where(and(eq(kbArticles.slug, slug), visibleArticles(viewer)));
  if (!row) return null;
  if (countView && row.status === 'published') {
    await db
      .update(kbArticles)
      .set({ viewCount: sql`${kbArticles.viewCount} + 1` })
      .where(eq(kbArticles.id, row.id));
    row.viewCount += 1;
  }
  return row;
}

/** A free slug for a title: the title's slug, or with -2, -3, … when taken. */
async function freeSlug(tx: Pick<typeof db, 'select'>, title: string): Promise<string> {
  const base = slugify(title);
  const taken = await tx
    .select({ slug: kbArticles.slug })
    .from(kbArticles)
    .where(sql`${kbArticles.slug} = ${base} or ${kbArticles.slug} ^@ ${`${base}-`}`);
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

async function categoryExists(tx: Pick<typeof db, 'select'>, id: string | null): Promise<boolean> {
  if (!id) return true;
  const [found] = await tx.select({ id: kbCategories.id }).from(kbCategories).where(eq(kbCategories.id, id));
  return Boolean(found);
}

type WriteResult = Result<{ id: string; slug: string }, 'forbidden' | 'notFound' | 'stale' | 'invalid'>;

/** A new article (a draft, or published at once), with a slug made from its title. */
export async function createArticle(viewer: Viewer, input: CreateArticleInput): Promise<WriteResult> {
  if (!can(viewer, 'kb:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<WriteResult> => {
    if (!(await categoryExists(tx, input.categoryId))) return { ok: false, reason: 'notFound' };
    // Two writers with the same title at once: the unique index refuses the second, which takes a suffix.
    for (let attempt = 0; attempt < 3; attempt++) {
      const slug = attempt === 0 ? await freeSlug(tx, input.title) : `${slugify(input.title)}-${randomSuffix()}`;
      const values = {
        title: input.title,
        slug,
        body: input.body,
        categoryId: input.categoryId,
        tags: input.tags,
        status: input.publish ? ('published' as const) : ('draft' as const),
        publishedAt: input.publish ? new Date() : null,
        authorId: viewer.userId,
      };
      const [created] = await tx
        .insert(kbArticles)
        .values(values)
        .onConflictDoNothing({ target: kbArticles.slug })
        .returning({ id: kbArticles.id });
      if (!created) continue;
      const { body: _body, ...logged } = values;
      await audit(tx, viewer, { action: 'create', entity: 'kb_article', entityId: created.id, diff: logged });
      return { ok: true, id: created.id, slug };
    }
    return { ok: false, reason: 'stale' };
  });
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 6);
}

/** Edits title, body, category and tags (optimistic locking). The slug stays: links to it keep working. */
export async function updateArticle(viewer: Viewer, input: UpdateArticleInput): Promise<WriteResult> {
  if (!can(viewer, 'kb:write')) return { ok: false, reason: 'forbidden' };
  const { id, version, ...next } = input;
  return db.transaction(async (tx): Promise<WriteResult> => {
    const [before] = await tx
      .select({
        slug: kbArticles.slug,
        title: kbArticles.title,
        body: kbArticles.body,
        categoryId: kbArticles.categoryId,
        tags: kbArticles.tags,
        version: kbArticles.version,
      })
      .from(kbArticles)
      .where(eq(kbArticles.id, id))
      .for('update');
    if (!before) return { ok: false, reason: 'notFound' };
    if (before.version !== version) return { ok: false, reason: 'stale' };
    if (!(await categoryExists(tx, next.categoryId))) return { ok: false, reason: 'notFound' };
    await tx
      .update(kbArticles)
      .set({ ...next, updatedAt: sql`now()`, version: sql`${kbArticles.version} + 1` })
      .where(and(eq(kbArticles.id, id), eq(kbArticles.version, version)));
    const diff: Record<string, unknown> = changedFields(before, next);
    // The body can be long: the log says that it changed, not both versions of it.
    if ('body' in diff) diff.body = { changed: true, length: [before.body.length, next.body.length] };
    await audit(tx, viewer, { action: 'update', entity: 'kb_article', entityId: id, diff });
    return { ok: true, id, slug: before.slug };
  });
}

/** Publishes, archives or returns an article to draft (optimistic locking); the first publication is dated. */
export async function setArticleStatus(viewer: Viewer, input: SetArticleStatusInput): Promise<WriteResult> {
  if (!can(viewer, 'kb:write')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<WriteResult> => {
    const [updated] = await tx
      .update(kbArticles)
      .set({
        status: input.status,
        publishedAt: input.status === 'published' ? sql`coalesce(${kbArticles.publishedAt}, now())` : undefined,
        updatedAt: sql`now()`,
        version: sql`${kbArticles.version} + 1`,
      })
      .where(and(eq(kbArticles.id, input.id), eq(kbArticles.version, input.version)))
      .returning({ id: kbArticles.id, slug: kbArticles.slug });
    if (!updated) {
      const [exists] = await tx.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.id, input.id));
      return { ok: false, reason: exists ? 'stale' : 'notFound' };
    }
    await audit(tx, viewer, {
      action: input.status === 'published' ? 'publish' : input.status === 'archived' ? 'archive' : 'unpublish',
      entity: 'kb_article',
      entityId: input.id,
      diff: { status: input.status },
    });
    return { ok: true, id: updated.id, slug: updated.slug };
  });
}

type VoteResult = Result<{ id: string; helpfulYes: number; helpfulNo: number }, 'forbidden' | 'notFound'>;

/**
 * Records the viewer's "was this helpful?" answer on a published article: one vote per user (the
 * primary key of kb_votes); voting again changes the vote, the same answer twice counts once.
 */
export async function voteArticle(viewer: Viewer, input: VoteInput): Promise<VoteResult> {
  if (!can(viewer, 'kb:read')) return { ok: false, reason: 'forbidden' };
  return db.transaction(async (tx): Promise<VoteResult> => {
    const [article] = await tx
      .select({ id: kbArticles.id })
      .from(kbArticles)
      .where(and(eq(kbArticles.id, input.id), eq(kbArticles.status, 'published')))
      .for('update');
    if (!article) return { ok: false, reason: 'notFound' };
    const [previous] = await tx
      .select({ helpful: kbVotes.helpful })
      .from(kbVotes)
      .where(and(eq(kbVotes.articleId, input.id), eq(kbVotes.userId, viewer.userId)));
    const delta = { yes: 0, no: 0 };
    if (!previous || previous.helpful !== input.helpful) {
      if (input.helpful) delta.yes++;
      else delta.no++;
      if (previous) {
        if (previous.helpful) delta.yes--;
        else delta.no--;
      }
      await tx
        .insert(kbVotes)
        .values({ articleId: input.id, userId: viewer.userId, helpful: input.helpful })
        .onConflictDoUpdate({ target: [kbVotes.articleId, kbVotes.userId], set: { helpful: input.helpful } });
    }
    const [counts] = await tx
      .update(kbArticles)
      .set({
        helpfulYes: sql`${kbArticles.helpfulYes} + ${delta.yes}`,
        helpfulNo: sql`${kbArticles.helpfulNo} + ${delta.no}`,
      })
      .where(eq(kbArticles.id, input.id))
      .returning({ helpfulYes: kbArticles.helpfulYes, helpfulNo: kbArticles.helpfulNo });
    return { ok: true, id: input.id, ...counts };
  });
}

/** Tags in use on the articles the viewer may read (for the filter), most used first. */
export async function listTags(viewer: Viewer, limit = 30): Promise<string[]> {
  if (!can(viewer, 'kb:read')) return [];
  const found = await db
    .select({ tag: sql<string>`t.tag` })
    .from(sql`${kbArticles}, unnest(${kbArticles.tags}) as t(tag)`)
    .where(visibleArticles(viewer))
    .groupBy(sql`t.tag`)
    .orderBy(sql`count(*) desc`, sql`t.tag`)
    .limit(limit);
  return found.map((f) => f.tag);
}

/** Counts of published articles per category id, for the category list. */
export async function publishedPerCategory(viewer: Viewer): Promise<Map<string, number>> {
  if (!can(viewer, 'kb:read')) return new Map();
  const found = await db
    .select({ id: kbArticles.categoryId, n: sql<number>`count(*)::int` })
    .from(kbArticles)
    .where(and(eq(kbArticles.status, 'published'), sql`${kbArticles.categoryId} is not null`))
    .groupBy(kbArticles.categoryId);
  return new Map(found.map((f) => [f.id as string, f.n]));
}
