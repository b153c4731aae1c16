// biome-ignore lint/style/noRestrictedImports: a pure module (no db, no framework), the slug rule the app uses
import { slugify } from '../../lib/service/kb-schemas';
import { BulkWriter } from './bulk';
import { DAY, type SeedContext } from './context';
import { KB_ARTICLES, KB_CATEGORIES } from './kb-articles';

const ARTICLE_COLUMNS = [
  'id',
  'title',
  'slug',
  'body',
  'status',
  'tags',
  'category_id',
  'author_id',
  'view_count',
  'helpful_yes',
  'helpful_no',
  'published_at',
  'created_at',
  'updated_at',
] as const;

/** Knowledge-base categories and articles (English and Chinese), the same at every scale: a few dozen rows. */
export async function seedKb(ctx: SeedContext): Promise<{ kbCategories: number; kbArticles: number }> {
  const { rng, anchor } = ctx;
  const categories = new BulkWriter(ctx.exec, 'kb_categories', ['id', 'name', 'position']);
  const categoryIds = KB_CATEGORIES.map(() => rng.uuid());
  for (const [i, name] of KB_CATEGORIES.entries()) await categories.push([categoryIds[i], name, i]);
  const articles = new BulkWriter(ctx.exec, 'kb_articles', ARTICLE_COLUMNS, 2000, [categories]);
  const authors = ctx.users.agents.length ? ctx.users.agents : [ctx.users.admin];
  const slugs = new Set<string>();
  for (const a of KB_ARTICLES) {
    let slug = slugify(a.title);
    for (let n = 2; slugs.has(slug); n++) slug = `${slugify(a.title)}-${n}`;
    slugs.add(slug);
    const created = new Date(anchor.getTime() - rng.int(20, 400) * DAY);
    const updated = new Date(Math.min(anchor.getTime(), created.getTime() + rng.int(0, 60) * DAY));
    const published = !a.status;
    const views = published ? rng.int(5, 900) : 0;
    const yes = published ? Math.round(views * rng.next() * 0.15) : 0;
    await articles.push([
      rng.uuid(),
      a.title,
      slug,
      a.body,
      a.status ?? 'published',
      a.tags,
      categoryIds[a.category],
      rng.pick(authors),
      views,
      yes,
      published ? Math.round(yes * rng.next() * 0.3) : 0,
      a.status === 'draft' ? null : created,
      created,
      updated,
    ]);
  }
  await categories.flush();
  await articles.flush();
  return { kbCategories: categories.count, kbArticles: articles.count };
}
