'use server';
import { revalidatePath } from 'next/cache';
import { defineAction, succeed } from '@/lib/define-action';
import {
  cancelCampaign,
  createCampaign,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignNow,
  updateCampaign,
} from './campaigns';
import { estimateCampaignAudience, previewCampaign, searchCampaignRecipients } from './preview';
import {
  CampaignInputSchema,
  CampaignVersionSchema,
  EstimateAudienceSchema,
  PreviewCampaignSchema,
  RecipientSearchSchema,
  ScheduleCampaignSchema,
  TestSendSchema,
  UpdateCampaignSchema,
} from './schemas';
import { testSendCampaign } from './test-send';

// Campaign actions: JSON arguments (the editor sends its bodies as one object). Rights are checked
// by the wrapper (marketing:write) and again by each data function.

const done = () => revalidatePath('/campaigns');

export const createCampaignAction = defineAction(
  { permission: 'marketing:write', schema: CampaignInputSchema },
  async (viewer, input) => {
    const result = await createCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignSaved');
  },
);

export const updateCampaignAction = defineAction(
  { permission: 'marketing:write', schema: UpdateCampaignSchema },
  async (viewer, input) => {
    const result = await updateCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignSaved');
  },
);

export const scheduleCampaignAction = defineAction(
  { permission: 'marketing:write', schema: ScheduleCampaignSchema },
  async (viewer, input) => {
    const result = await scheduleCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignScheduled');
  },
);

export const sendCampaignNowAction = defineAction(
  { permission: 'marketing:write', schema: CampaignVersionSchema },
  async (viewer, input) => {
    const result = await sendCampaignNow(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignSending', result.ok ? { data: result.counts } : {});
  },
);

export const pauseCampaignAction = defineAction(
  { permission: 'marketing:write', schema: CampaignVersionSchema },
  async (viewer, input) => {
    const result = await pauseCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignPaused');
  },
);

export const resumeCampaignAction = defineAction(
  { permission: 'marketing:write', schema: CampaignVersionSchema },
  async (viewer, input) => {
    const result = await resumeCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignResumed');
  },
);

export const cancelCampaignAction = defineAction(
  { permission: 'marketing:write', schema: CampaignVersionSchema },
  async (viewer, input) => {
    const result = await cancelCampaign(viewer, input);
    if (result.ok) done();
    return succeed(result, 'campaignCancelled');
  },
);

export const testSendCampaignAction = defineAction(
  { permission: 'marketing:write', schema: TestSendSchema },
  async (viewer, input) => succeed(await testSendCampaign(viewer, input), 'campaignTestSent'),
);

/** The editor's recipient picker (marketing readers: a manager previews a campaign too). */
export const searchCampaignRecipientsAction = defineAction(
  { permission: 'marketing:read', schema: RecipientSearchSchema },
  async (viewer, input) => {
    const found = await searchCampaignRecipients(viewer, input);
    return found ? { ok: true, data: found } : { ok: false, reason: 'notFound' };
  },
);

/** The campaign as written in the editor, rendered for one customer of the segment's audience. */
export const previewCampaignAction = defineAction(
  { permission: 'marketing:read', schema: PreviewCampaignSchema },
  async (viewer, input) => {
    const result = await previewCampaign(viewer, input);
    return result.ok ? { ok: true, data: result.preview } : result;
  },
);

/** The send-now confirmation's audience counts. */
export const estimateCampaignAudienceAction = defineAction(
  { permission: 'marketing:read', schema: EstimateAudienceSchema },
  async (viewer, input) => {
    const found = await estimateCampaignAudience(viewer, input.segmentId);
    return found ? { ok: true, data: found } : { ok: false, reason: 'notFound' };
  },
);
