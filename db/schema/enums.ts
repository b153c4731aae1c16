import { pgEnum } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['admin', 'manager', 'sales_rep', 'service_agent', 'marketer']);
export const customerKindEnum = pgEnum('customer_kind', ['person', 'company']);
export const activityTypeEnum = pgEnum('activity_type', ['call', 'email', 'meeting', 'task', 'note']);
export const leadStatusEnum = pgEnum('lead_status', ['new', 'contacted', 'qualified', 'converted', 'unqualified']);
export const dealStatusEnum = pgEnum('deal_status', ['open', 'won', 'lost']);
/** The rep's call on an open deal for the forecast: counted as pipeline, best case, commit, or left out. */
export const forecastCategoryEnum = pgEnum('forecast_category', ['pipeline', 'best_case', 'commit', 'omitted']);
export const quoteStatusEnum = pgEnum('quote_status', ['draft', 'sent', 'accepted', 'rejected', 'expired']);
export const orderStatusEnum = pgEnum('order_status', ['pending', 'paid', 'fulfilled', 'cancelled', 'refunded']);
/** A sale, or a return (a cancellation or refund: negative quantities and a total ≤ 0 that nets revenue). */
export const orderKindEnum = pgEnum('order_kind', ['sale', 'return']);
export const orderImportStatusEnum = pgEnum('order_import_status', [
  'uploading',
  'queued',
  'running',
  'cancelling',
  'cancelled',
  'done',
  'failed',
]);
export const casePriorityEnum = pgEnum('case_priority', ['low', 'normal', 'high', 'urgent']);
export const caseStatusEnum = pgEnum('case_status', ['new', 'open', 'pending', 'resolved', 'closed']);
export const caseChannelEnum = pgEnum('case_channel', ['email', 'phone', 'web', 'chat']);
/** Service-desk email (db/schema/mail.ts). */
export const mailDirectionEnum = pgEnum('mail_direction', ['out', 'in']);
/** Outbound: queued → sent | failed; inbound: received (on a case) or ignored (auto-reply, loop). */
export const mailStatusEnum = pgEnum('mail_status', ['queued', 'sent', 'failed', 'received', 'ignored']);
export const kbStatusEnum = pgEnum('kb_status', ['draft', 'published', 'archived']);
/** 'rules': dynamic, re-evaluated when used; 'static': members frozen in segment_members. */
export const segmentKindEnum = pgEnum('segment_kind', ['rules', 'rfm_segment', 'cluster', 'clv_band', 'static']);
/** draft → scheduled → sending ⇄ paused → sent; cancelled from any but sent (lib/marketing/campaigns). */
export const campaignStatusEnum = pgEnum('campaign_status', [
  'draft',
  'scheduled',
  'sending',
  'sent',
  'cancelled',
  'paused',
]);
/**
 * A recipient: queued → sending (claimed under a lease) → sent | failed; skipped (why: skip_reason)
 * or holdout when the send starts. 'bounced' is from the first schema and no longer written: a hard
 * bounce is a failed member and the customer's bounced_at.
 */
export const memberStatusEnum = pgEnum('campaign_member_status', [
  'queued',
  'sent',
  'failed',
  'bounced',
  'sending',
  'skipped',
  'holdout',
]);
/** Why a member was not sent to (campaign_members.skip_reason). */
export const memberSkipReasonEnum = pgEnum('campaign_skip_reason', [
  'no_consent',
  'unsubscribed',
  'bounced',
  'duplicate',
  'no_address',
]);
export const runStatusEnum = pgEnum('analytics_run_status', ['running', 'succeeded', 'failed']);

export const ROLES = roleEnum.enumValues;
export type Role = (typeof ROLES)[number];
