import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/db/client';
import { auditLog, kbArticles, kbVotes } from '@/db/schema';
import { seedDatabase } from '@/db/seed';
import type { Viewer } from '@/lib/auth/permissions';
import { setupTestDatabase } from '@/lib/testing/db';
import { seededViewer } from '@/lib/testing/factories';
import { form, initial } from '@/lib/testing/forms';
import { signInAs } from '@/lib/testing/session-mock';
import {
  createArticle,
  getArticle,
  getArticleForReply,
  getPublicArticle,
  listArticles,
  searchReplyArticles,
  setArticleStatus,
  suggestArticles,
  updateArticle,
  voteArticle,
} from './kb';
import {
  createArticleAction,
  deleteCategoryAction,
  saveCategoryAction,
  searchReplyArticlesAction,
  setArticleStatusAction,
  updateArticleAction,
  voteArticleAction,
} from './kb-actions';
import { listCategories, saveCategory } from './kb-categories';
import { type KbFilter, slugify } from './kb-schemas';

vi.mock('@/lib/auth/auth', async () => (await import('@/lib/testing/session-mock')).authMock);
vi.mock('next/cache', async () => (await import('@/lib/testing/next-mocks')).cacheMock);

const ctx = setupTestDatabase();
let admin: Viewer, manager: Viewer, agent: Viewer, agent2: Viewer, rep: Viewer, rep2: Viewer, marketer: Viewer;

beforeAll(async () => {
  await seedDatabase(ctx.handle, { scale: 'test', anchor: new Date('2026-06-30T00:00:00Z') });
  [admin, manager, agent, agent2, rep, rep2, marketer] = await Promise.all(
    [
      'admin@lodestar.test',
      'manager@lodestar.test',
      'agent@lodestar.test',
      'agent2@lodestar.test',
      'rep@lodestar.test',
      'rep2@lodestar.test',
      'marketer@lodestar.test',
    ].map(seededViewer),
  );
}, 120_000);

const filter = (f: Partial<KbFilter> = {}): KbFilter => ({ status: 'all', page: 1, ...f });
const titles = async (viewer: Viewer, f: Partial<KbFilter> = {}) =>
  (await listArticles(viewer, filter(f))).rows.map((r) => r.title);

describe('knowledge base', () => {
  it('the reply search finds published articles with their public help-centre link (APP_URL, as the CSAT link)', async () => {
    process.env.APP_URL = 'https://desk.example.com/';
    try {
      const found = await searchReplyArticles(agent, 'refunds');
      expect(found.map((a) => a.title)).toEqual(expect.arrayContaining(['Refund not received', 'How refunds work']));
      expect(found.find((a) => a.title === 'Refund not received')).toEqual({
        id: expect.any(String),
        title: 'Refund not received',
        publicUrl: 'https://desk.example.com/help/refund-not-received',
      });
      // A word still being typed finds the title by resemblance; Chinese by the phrase.
      expect((await searchReplyArticles(agent, 'refund not rece')).map((a) => a.title)).toContain(
        'Refund not received',
      );
      const zh = await searchReplyArticles(agent, '退款');
      expect(zh.find((a) => a.title === '如何申请退款')?.publicUrl).toBe(
        `https://desk.example.com/help/${encodeURIComponent('如何申请退款')}`,
      );
      // Drafts and archived articles never, even for a writer.
      const shipping = (await searchReplyArticles(admin, 'shipping delivery rates')).map((a) => a.title);
      expect(shipping).not.toContain('Holiday season delivery cut-off dates');
      expect(shipping).not.toContain('Old shipping rates (2024)');
      expect(await searchReplyArticles(agent, '   ')).toEqual([]);
      // Suggestions and the reply article carry the public link too.
      const [top] = await suggestArticles(agent, 'refund not received', 1);
      expect(top.publicUrl).toBe('https://desk.example.com/help/refund-not-received');
      expect((await getArticleForReply(agent, top.id))?.publicUrl).toBe(top.publicUrl);

      // The action: for users who may read the KB; a crafted long query is refused.
      signInAs(agent);
      const res = await searchReplyArticlesAction({ q: 'refunds' });
      expect(res.ok && res.data?.map((a) => a.title)).toEqual(found.map((a) => a.title));
      expect(await searchReplyArticlesAction({ q: 'x'.repeat(201) })).toMatchObject({ ok: false, reason: 'invalid' });
      signInAs(null);
    } finally {
      delete process.env.APP_URL;
    }
  });

  it('the public help centre reads published articles only, without internal fields', async () => {
    const article = await getPublicArticle('refund-not-received');
    expect(article).toEqual({
      slug: 'refund-not-received',
      title: 'Refund not received',
      body: expect.stringContaining('bank statement'),
      categoryName: 'Returns & refunds',
      updatedAt: expect.any(Date),
    });
    const [draft] = await db.select({ slug: kbArticles.slug }).from(kbArticles).where(eq(kbArticles.status, 'draft'));
    const [archived] = await db
      .select({ slug: kbArticles.slug })
      .from(kbArticles)
      .where(eq(kbArticles.status, 'archived'));
    expect(await getPublicArticle(draft.slug)).toBeNull();
    expect(await getPublicArticle(archived.slug)).toBeNull();
    expect(await getPublicArticle('no-such-article')).toBeNull();
  });

  it('slugs come from titles, Chinese kept, accents and punctuation dropped', () => {
    expect(slugify('How refunds work')).toBe('how-refunds-work');
    expect(slugify('  Café: ÜBER — résumé!! ')).toBe('cafe-uber-resume');
    expect(slugify('如何申请退款？')).toBe('如何申请退款');
    expect(slugify('Ｆｕｌｌ ｗｉｄｔｈ 退款 FAQ')).toBe('full-width-退款-faq');
    expect(slugify('???')).toBe('article');
    expect(slugify('New')).toBe('new-article');
  });

  it('readers (reps, marketers) see published articles only; writers also drafts and archived ones', async () => {
    expect(await titles(agent, { status: 'draft' })).toContain('Holiday season delivery cut-off dates');
    expect(await titles(agent, { status: 'archived' })).toContain('Old shipping rates (2024)');
    const everything = (await listArticles(agent, filter())).total;
    for (const reader of [rep, marketer]) {
      const seen = await listArticles(reader, filter());
      expect(seen.total).toBe(everything - 2);
      const shipping = await titles(reader, { q: 'shipping delivery' });
      expect(shipping).not.toContain('Holiday season delivery cut-off dates');
      expect(await titles(reader, { q: 'old shipping rates' })).toEqual([]);
      // Asking for drafts does not widen a reader's view.
      expect(await titles(reader, { status: 'draft' })).toEqual([]);
    }
    const [draft] = await db.select({ slug: kbArticles.slug }).from(kbArticles).where(eq(kbArticles.status, 'draft'));
    expect(await getArticle(rep, draft.slug)).toBeNull();
    expect((await getArticle(agent, draft.slug))?.status).toBe('draft');
  });

  it('search finds English stems both ways (refunds ↔ refund) and ranks title hits first', async () => {
    const plural = await titles(rep, { q: 'refunds' });
    expect(plural).toContain('Refund not received');
    expect(plural).toContain('How refunds work');
    const singular = await titles(rep, { q: 'refund' });
    expect(singular).toContain('How refunds work');
    expect(singular.slice(0, 3)).toEqual(expect.arrayContaining(['Refund not received', 'How refunds work']));
    expect(await titles(rep, { q: 'refunding' })).toContain('How refunds work');
    expect(await titles(rep, { q: 'the' })).toEqual([]);
    expect(await titles(rep, { q: 'zzzxqy' })).toEqual([]);
  });

  it('search finds Chinese substrings (退款 in 如何申请退款) but not characters out of order', async () => {
    const found = await titles(rep, { q: '退款' });
    expect(found).toEqual(expect.arrayContaining(['如何申请退款', '退款未到账怎么办']));
    expect(found).not.toContain('支付宝和微信支付');
    expect(await titles(rep, { q: '申请退款' })).toContain('如何申请退款');
    expect(await titles(rep, { q: '款退' })).toEqual([]);
    // Two runs: both must match (银行 is in both refund articles, 流水 in one).
    expect(await titles(rep, { q: '退款 银行' })).toEqual(expect.arrayContaining(['如何申请退款', '退款未到账怎么办']));
    expect(await titles(rep, { q: '退款 流水' })).toEqual(['退款未到账怎么办']);
    expect(await titles(rep, { q: '发票 税号' })).toEqual(['发票抬头或税号填错了']);
  });

  it('filters by category and tag, paginates in SQL with a total', async () => {
    const [refunds] = (await listCategories(rep)).filter((c) => c.name === 'Returns & refunds');
    const inCategory = await listArticles(rep, filter({ category: refunds.id }));
    expect(inCategory.rows.length).toBe(refunds.articles);
    expect(inCategory.rows.every((r) => r.categoryName === 'Returns & refunds')).toBe(true);
    const tagged = await titles(rep, { tag: 'invoices' });
    expect(tagged).toEqual(expect.arrayContaining(['Reading an invoice', '发票抬头或税号填错了']));
    expect(tagged).not.toContain('How refunds work');
    const page1 = await listArticles(rep, filter());
    const page2 = await listArticles(rep, filter({ page: 2 }));
    expect(page1.rows).toHaveLength(20);
    expect(page1.total).toBe(page1.rows.length + page2.rows.length);
    expect(page2.rows.some((r) => page1.rows.some((p) => p.id === r.id))).toBe(false);
  });

  it('suggestArticles ranks published articles for a case subject, in English and Chinese', async () => {
    const en = await suggestArticles(agent, 'Customer says refund not received after return', 5);
    expect(en[0].title).toBe('Refund not received');
    expect(en[0].url).toBe('/kb/refund-not-received');
    expect(en.map((s) => s.title)).toContain('How refunds work');
    expect(en.every((s, i) => i === 0 || s.score <= en[i - 1].score)).toBe(true);
    const zh = await suggestArticles(rep, '客户的退款还没有到账', 3);
    expect(zh[0].title).toBe('退款未到账怎么办');
    expect(zh[0].url).toBe(`/kb/${encodeURIComponent('退款未到账怎么办')}`);
    // Drafts and archived articles are never suggested.
    const shipping = await suggestArticles(admin, 'holiday delivery cut-off shipping rates', 10);
    expect(shipping.map((s) => s.title)).not.toContain('Holiday season delivery cut-off dates');
    expect(shipping.map((s) => s.title)).not.toContain('Old shipping rates (2024)');
    expect(await suggestArticles(agent, '   ', 5)).toEqual([]);
    const reply = await getArticleForReply(agent, en[0].id);
    expect(reply).toMatchObject({ title: 'Refund not received', url: '/kb/refund-not-received' });
    expect(reply?.body).toContain('bank statement');
    const [draft] = await db.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.status, 'draft'));
    expect(await getArticleForReply(agent, draft.id)).toBeNull();
  });

  it('an agent writes a draft (slug from the title, audited), publishes it; readers then find it', async () => {
    const created = await createArticle(agent, {
      title: 'Resetting the POS terminal',
      body: 'Hold the **power** button for 10 seconds.',
      categoryId: null,
      tags: ['pos'],
      publish: false,
    });
    expect(created).toMatchObject({ ok: true, slug: 'resetting-the-pos-terminal' });
    if (!created.ok) throw new Error('not created');
    expect(await titles(rep, { q: 'terminal' })).toEqual([]);
    const again = await createArticle(agent2, {
      title: 'Resetting the POS terminal!',
      body: 'x',
      categoryId: null,
      tags: [],
      publish: false,
    });
    expect(again).toMatchObject({ ok: true, slug: 'resetting-the-pos-terminal-2' });
    const published = await setArticleStatus(agent, { id: created.id, version: 1, status: 'published' });
    expect(published.ok).toBe(true);
    expect(await titles(rep, { q: 'terminals' })).toEqual(['Resetting the POS terminal']);
    const log = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'kb_article'), eq(auditLog.entityId, created.id)));
    expect(log.map((l) => l.action).sort()).toEqual(['create', 'publish']);
    const zh = await createArticle(agent, {
      title: '打印机卡纸',
      body: '关机重启。',
      categoryId: null,
      tags: [],
      publish: true,
    });
    expect(zh).toMatchObject({ ok: true, slug: '打印机卡纸' });
    expect(await getArticle(rep, '打印机卡纸')).not.toBeNull();
  });

  it('reps and marketers cannot write, publish or manage categories, also by crafted requests', async () => {
    const [article] = await db
      .select({ id: kbArticles.id, version: kbArticles.version, title: kbArticles.title })
      .from(kbArticles)
      .where(eq(kbArticles.slug, 'how-refunds-work'));
    for (const reader of [rep, marketer]) {
      expect(await createArticle(reader, { title: 'x', body: 'y', categoryId: null, tags: [], publish: true })).toEqual(
        { ok: false, reason: 'forbidden' },
      );
      expect(
        await updateArticle(reader, {
          id: article.id,
          version: article.version,
          title: 'Hacked',
          body: 'b',
          categoryId: null,
          tags: [],
        }),
      ).toEqual({ ok: false, reason: 'forbidden' });
      signInAs(reader);
      const crafted = await createArticleAction(initial, form({ title: 'Sneaky', body: 'b', publish: 'true' }));
      expect(crafted).toMatchObject({ ok: false, reason: 'forbidden' });
      const edit = await updateArticleAction(
        initial,
        form({ id: article.id, version: String(article.version), title: 'Hacked', body: 'b' }),
      );
      expect(edit).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(
        await setArticleStatusAction({ id: article.id, version: article.version, status: 'archived' }),
      ).toMatchObject({ ok: false, reason: 'forbidden' });
      expect(await saveCategoryAction(initial, form({ name: 'Sneaky' }))).toMatchObject({
        ok: false,
        reason: 'forbidden',
      });
    }
    // Agents write articles but do not keep the categories.
    signInAs(agent);
    expect(await saveCategoryAction(initial, form({ name: 'Agents only' }))).toMatchObject({ reason: 'forbidden' });
    const [after] = await db.select({ title: kbArticles.title }).from(kbArticles).where(eq(kbArticles.id, article.id));
    expect(after.title).toBe(article.title);
    expect(await titles(rep, { q: 'sneaky' })).toEqual([]);
  });

  it('an edit from an old version is refused as stale and changes nothing', async () => {
    const created = await createArticle(agent, {
      title: 'Stale check',
      body: 'one',
      categoryId: null,
      tags: [],
      publish: false,
    });
    if (!created.ok) throw new Error('not created');
    signInAs(agent);
    const first = await updateArticleAction(
      initial,
      form({ id: created.id, version: '1', title: 'Stale check', body: 'two', tags: 'a, b' }),
    );
    expect(first).toMatchObject({ ok: true, message: 'saved' });
    signInAs(agent2);
    const second = await updateArticleAction(
      initial,
      form({ id: created.id, version: '1', title: 'Stale check', body: 'three' }),
    );
    expect(second).toMatchObject({ ok: false, reason: 'stale' });
    const [row] = await db.select().from(kbArticles).where(eq(kbArticles.id, created.id));
    expect(row).toMatchObject({ body: 'two', version: 2, tags: ['a', 'b'] });
    expect(await setArticleStatus(agent, { id: created.id, version: 1, status: 'published' })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('the form action reports field errors and echoes the values', async () => {
    signInAs(agent);
    const bad = await createArticleAction(initial, form({ title: '', body: 'kept', categoryId: 'not-a-uuid' }));
    expect(bad.ok).toBe(false);
    expect(bad.fieldErrors?.title).toEqual(['required']);
    expect(bad.fieldErrors?.categoryId).toBeDefined();
    expect(bad.values?.body).toBe('kept');
  });

  it('one vote per user: repeating counts once, changing moves the count; drafts take no votes', async () => {
    const [article] = await db
      .select({ id: kbArticles.id, yes: kbArticles.helpfulYes, no: kbArticles.helpfulNo })
      .from(kbArticles)
      .where(eq(kbArticles.slug, 'warranty-terms'));
    signInAs(rep);
    const one = await voteArticleAction({ id: article.id, helpful: true });
    expect(one).toMatchObject({ ok: true, data: { helpfulYes: article.yes + 1, helpfulNo: article.no } });
    const twice = await voteArticleAction({ id: article.id, helpful: true });
    expect(twice.data).toEqual({ helpfulYes: article.yes + 1, helpfulNo: article.no });
    const changed = await voteArticle(rep, { id: article.id, helpful: false });
    expect(changed).toMatchObject({ helpfulYes: article.yes, helpfulNo: article.no + 1 });
    await voteArticle(rep2, { id: article.id, helpful: true });
    const votes = await db.select().from(kbVotes).where(eq(kbVotes.articleId, article.id));
    expect(votes).toHaveLength(2);
    expect((await getArticle(rep, 'warranty-terms'))?.myVote).toBe(false);
    const [draft] = await db.select({ id: kbArticles.id }).from(kbArticles).where(eq(kbArticles.status, 'draft'));
    expect(await voteArticle(rep, { id: draft.id, helpful: true })).toEqual({ ok: false, reason: 'notFound' });
  });

  it('opening a published article counts a view without changing its version; drafts count none', async () => {
    const before = await getArticle(rep, 'delivery-times-by-region');
    const seen = await getArticle(rep, 'delivery-times-by-region', { countView: true });
    expect(seen?.viewCount).toBe(before!.viewCount + 1);
    const after = await getArticle(rep, 'delivery-times-by-region');
    expect(after).toMatchObject({ viewCount: before!.viewCount + 1, version: before!.version });
  });

  it('managers keep categories: unique names (any case), optimistic locking, removal keeps articles', async () => {
    expect(await saveCategory(manager, { id: null, version: null, name: 'orders & SHIPPING', position: null })).toEqual(
      {
        ok: false,
        reason: 'categoryNameTaken',
      },
    );
    signInAs(manager);
    const made = await saveCategoryAction(initial, form({ name: 'Integrations' }));
    expect(made).toMatchObject({ ok: true });
    const cat = (await listCategories(manager)).find((c) => c.name === 'Integrations')!;
    expect(cat.position).toBe(5);
    const created = await createArticle(agent, {
      title: 'Webhooks',
      body: 'b',
      categoryId: cat.id,
      tags: [],
      publish: true,
    });
    expect(created.ok).toBe(true);
    expect(await deleteCategoryAction({ id: cat.id, version: cat.version + 1 })).toMatchObject({ reason: 'stale' });
    expect(await deleteCategoryAction({ id: cat.id, version: cat.version })).toMatchObject({ ok: true });
    expect((await getArticle(rep, 'webhooks'))?.categoryId).toBeNull();
  });
});
