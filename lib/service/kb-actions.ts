'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, defineFormAction, succeed } from '@/lib/define-action';
import {
  createArticle,
  type ReplyArticle,
  searchReplyArticles,
  setArticleStatus,
  updateArticle,
  voteArticle,
} from './kb';
import { deleteCategory, saveCategory } from './kb-categories';
import {
  articleUrl,
  CategorySchema,
  CreateArticleSchema,
  DeleteCategorySchema,
  ReplyArticleSearchSchema,
  SetArticleStatusSchema,
  UpdateArticleSchema,
  VoteSchema,
} from './kb-schemas';

/** `data.url`: the new article's page, where the form goes next. */
export const createArticleAction = defineFormAction(
  { permission: 'kb:write', schema: CreateArticleSchema },
  async (viewer, input) => {
    const result = await createArticle(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/kb');
    return {
      ok: true,
      id: result.id,
      message: input.publish ? 'articlePublished' : 'articleCreated',
      data: { url: articleUrl(result.slug) },
    };
  },
);

export const updateArticleAction = defineFormAction(
  { permission: 'kb:write', schema: UpdateArticleSchema },
  async (viewer, input) => {
    const result = await updateArticle(viewer, input);
    if (!result.ok) return result;
    revalidatePath('/kb');
    return { ok: true, id: result.id, message: 'saved', data: { url: articleUrl(result.slug) } };
  },
);

export const setArticleStatusAction = defineAction(
  { permission: 'kb:write', schema: SetArticleStatusSchema },
  async (viewer, input) => {
    const result = await setArticleStatus(viewer, input);
    if (result.ok) revalidatePath('/kb');
    const messages = { published: 'articlePublished', archived: 'articleArchived', draft: 'articleUnpublished' };
    return succeed(result, messages[input.status]);
  },
);

/** Any reader may vote on a published article; `data` holds the new counts. */
export const voteArticleAction = defineAction({ permission: 'kb:read', schema: VoteSchema }, async (viewer, input) => {
  const result = await voteArticle(viewer, input);
  if (!result.ok) return result;
  return {
    ok: true,
    id: result.id,
    message: 'voteThanks',
    data: { helpfulYes: result.helpfulYes, helpfulNo: result.helpfulNo },
  };
});

export const saveCategoryAction = defineFormAction(
  { permission: 'kb:categories', schema: CategorySchema },
  async (viewer, input) => {
    const result = await saveCategory(viewer, input);
    if (result.ok) revalidatePath('/kb', 'layout');
    return succeed(result, input.id ? 'saved' : 'categoryCreated');
  },
);

export const deleteCategoryAction = defineAction(
  { permission: 'kb:categories', schema: DeleteCategorySchema },
  async (viewer, input) => {
    const result = await deleteCategory(viewer, input);
    if (result.ok) revalidatePath('/kb', 'layout');
    return succeed(result, 'categoryDeleted');
  },
);

/** The reply form's article search (published articles with their public links), for agents who may read the KB. */
export const searchReplyArticlesAction = defineAction<typeof ReplyArticleSearchSchema, ReplyArticle[]>(
  { permission: 'kb:read', schema: ReplyArticleSearchSchema },
  async (viewer, input) => ({ ok: true, data: await searchReplyArticles(viewer, input.q) }),
);
