import { type Browser, expect, type Page, type Request, test } from '@playwright/test';
import { BASE_URL } from '../playwright.config';
import { asRole, expectAccessible, hydrated, signedIn, visitorPage } from './helpers';
import { mailbox, mailTheDesk, receivedMail, SUPPORT_ADDRESS } from './mail';

// Issue 12's service-desk journey with real mail both ways (scripts/e2e-server.mjs, e2e/mail.ts):
// a customer's email arrives over SMTP at the app's listener and becomes an unassigned case with
// its SLA due time; an agent takes it and replies, and the customer's mailbox (the e2e server's
// SMTP sink) receives the reply, threaded; the customer answers it by email and the answer lands
// on the same case; the agent resolves, the survey mail's link is answered by an anonymous
// visitor, and the manager's dashboard counts the answer for that agent. Meanwhile a second agent
// can neither open the case nor change it with a crafted request, and a rep does not see it.

const FIRST_AGENT = 'Quinn Nguyen'; // agent@lodestar.test in the demo seed (db/seed/reference.ts)
const SECOND_AGENT = 'agent4@lodestar.test';

const isAction = (r: Request) => r.method() === 'POST' && Boolean(r.headers()['next-action']);

/** The "Answers" (CSAT responses) cell of an agent's row on the manager's service dashboard. */
async function csatAnswers(page: Page, agent: string): Promise<number> {
  const table = page.getByRole('region', { name: 'Per agent' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: agent }) });
  await expect(row, `${agent}'s row on the service dashboard`).toBeVisible();
  const cells = await row.getByRole('cell').allTextContents();
  return Number(cells[cells.length - 1].replace(/[^\d]/g, ''));
}

/** Sends a captured server-action request again with another session, its body rewritten. */
async function replay(page: Page, request: Request, rewrite: (body: string) => string) {
  const headers = request.headers();
  const response = await page.request.post(request.url(), {
    headers: {
      'next-action': headers['next-action'],
      'content-type': headers['content-type'],
      accept: 'text/x-component',
    },
    data: Buffer.from(rewrite(request.postDataBuffer()!.toString('latin1')), 'latin1'),
  });
  expect(response.status()).toBe(200);
  return response.text();
}

const close = (...pages: Page[]) => Promise.all(pages.map((p) => p.context().close()));

async function openDashboard(browser: Browser): Promise<Page> {
  const manager = await asRole(browser, 'manager');
  await manager.goto('/service');
  await expect(manager.getByRole('heading', { name: 'Per agent' })).toBeVisible();
  return manager;
}

test('[service journey] an email becomes a case, is answered and resolved by mail, and its survey answer is counted', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const customer = { name: `Dana Quill${run}`, address: `dana.${run}@example.net` };
  const subject = `Invoice portal rejects my login ${run}`;

  // The manager's count before: the first agent's CSAT answers on the dashboard.
  const manager = await openDashboard(browser);
  const answersBefore = await csatAnswers(manager, FIRST_AGENT);

  // 1. The customer's email arrives over SMTP.
  const firstMessageId = await mailTheDesk({
    from: customer,
    subject,
    text: 'Since this morning the invoice portal says my password is wrong.',
  });

  // 2. It is a new case in the unassigned queue, with its SLA due time.
  const agent = await asRole(browser, 'agent');
  await agent.goto(`/cases?view=unassigned&customer=${encodeURIComponent(customer.name)}`);
  const row = agent.getByRole('row').filter({ hasText: subject });
  await expect(row).toBeVisible();
  await expect(row).toContainText('New');
  await expect(row).toContainText('Email');
  const due = await row.locator('time').getAttribute('datetime');
  expect(Date.parse(due!)).toBeGreaterThan(Date.now() - 60_000);
  const caseNumber = Number((await row.getByText(/^CS-\d+$/).textContent())?.slice(3));
  expect(caseNumber).toBeGreaterThan(0);

  // 3. The agent takes it and replies; the customer's mailbox receives the reply, threaded.
  await row.getByRole('link', { name: subject }).click();
  await expect(agent.getByRole('heading', { level: 1 })).toContainText(subject);
  const casePath = new URL(agent.url()).pathname;
  await hydrated(agent);
  await agent.getByRole('button', { name: 'Take this case' }).click();
  await expect(agent.getByText(`Assignee: ${FIRST_AGENT}`)).toBeVisible();
  await hydrated(agent);
  await agent.getByLabel('Reply to the customer').fill(`Hello Dana, we have reset your portal access ${run}.`);
  const [replyRequest] = await Promise.all([
    agent.waitForRequest(isAction),
    agent.getByRole('button', { name: 'Send reply' }).click(),
  ]);
  await expect(agent.getByRole('heading', { level: 1 })).toContainText('Open');
  const [reply] = await receivedMail(customer.address, 1);
  expect(reply.subject).toBe(`[#${caseNumber}] ${subject}`);
  expect(reply.from?.value[0].address).toBe(SUPPORT_ADDRESS);
  expect(reply.text).toContain(`we have reset your portal access ${run}`);
  expect(reply.inReplyTo).toBe(firstMessageId);
  expect([reply.references].flat()).toContain(firstMessageId);
  expect(reply.messageId).toMatch(/^<[^@<>]+@lodestar\.test>$/);

  // 4. The customer answers the reply by email; the answer lands on the same case.
  const answerId = await mailTheDesk({
    from: customer,
    subject: `Re: ${reply.subject}`,
    text: `It works again, thank you!\n\nOn a weekday, Support wrote:\n> ${reply.text?.split('\n')[0]}`,
    inReplyTo: reply.messageId,
    references: [firstMessageId, reply.messageId!],
  });
  const conversation = agent.getByRole('list', { name: 'Conversation' });
  await expect
    .poll(async () => {
      await agent.reload();
      return conversation.getByText('It works again, thank you!').count();
    })
    .toBe(1);
  await expect(conversation.getByRole('listitem').filter({ hasText: 'It works again' })).toContainText('Customer');
  await expect(conversation.getByText('Support wrote')).toHaveCount(0); // the quoted history is not repeated

  // 5. The agent resolves the case; the customer receives the satisfaction survey.
  await hydrated(agent);
  await agent.getByLabel('Status').selectOption({ label: 'Resolved' });
  const [resolveRequest] = await Promise.all([
    agent.waitForRequest(isAction),
    agent.getByRole('button', { name: 'Set status' }).click(),
  ]);
  await expect(agent.getByRole('heading', { level: 1 })).toContainText('Resolved');
  const survey = (await receivedMail(customer.address, 2))[1];
  expect(survey.subject).toBe(`[#${caseNumber}] How did we do?`);
  expect(survey.inReplyTo).toBe(answerId); // threaded under the customer's last message
  const link = /https?:\/\/\S+\/csat\/[A-Za-z0-9_-]{43}/.exec(survey.text ?? '')?.[0];
  expect(link, 'the survey link in the email').toBeTruthy();
  expect(link!.startsWith(`${BASE_URL}/csat/`)).toBe(true);

  // 6. A second agent cannot open the case, nor change it by replaying the first agent's requests.
  const other = await signedIn(browser, SECOND_AGENT);
  expect((await other.goto(casePath))?.status()).toBe(404);
  await hydrated(agent);
  const version = await agent.locator('input[name="version"]').first().inputValue();
  const reopen = await replay(other, resolveRequest, (body) =>
    body.replace(/("version"\r\n\r\n)\d+/, `$1${version}`).replace(/("status"\r\n\r\n)resolved/, '$1open'),
  );
  expect(reopen).toMatch(/notFound|forbidden/);
  const hijack = await replay(other, replyRequest, (body) =>
    body.replace(`we have reset your portal access ${run}`, `hijacked ${run}`),
  );
  expect(hijack).toMatch(/notFound|forbidden/);
  await close(other);

  // 7. The survey link, opened by the customer without an account, takes one answer.
  const visitor = await visitorPage(browser);
  await visitor.goto(link!);
  await expect(visitor.getByRole('heading', { name: 'How did we do?' })).toBeVisible();
  await expect(visitor.getByText(`Case #${caseNumber}: ${subject}`)).toBeVisible();
  await hydrated(visitor);
  await visitor
    .getByRole('group', { name: 'How satisfied are you with how we handled your case?' })
    .getByRole('radio', { name: '5 – Very satisfied' })
    .check();
  await visitor.getByLabel('Anything you would like to add? (optional)').fill(`Quick and friendly ${run}.`);
  await visitor.getByRole('button', { name: 'Send my answer' }).click();
  await expect(visitor.getByRole('heading', { name: 'Thank you' })).toBeVisible();
  await expectAccessible(visitor, '/csat/[token] answered');
  await close(visitor);

  // 8. The case is still the first agent's, resolved, with neither crafted change; the history
  //    names the survey; no hijacked mail reached the customer.
  await agent.reload();
  await expect(agent.getByRole('heading', { level: 1 })).toContainText('Resolved');
  await expect(agent.getByText(`Assignee: ${FIRST_AGENT}`)).toBeVisible();
  await expect(conversation.getByText(`hijacked ${run}`)).toHaveCount(0);
  const history = agent.getByRole('list', { name: 'History' });
  await expect(history.getByText('Satisfaction survey answered')).toBeVisible();
  await expect(history.getByText('Resolved → Open')).toHaveCount(0);
  expect((await mailbox(customer.address)).map((m) => m.text ?? '').join('\n')).not.toContain('hijacked');
  await close(agent);

  // 9. The manager's dashboard counts the answer for the first agent: exactly one more (the only
  //    other survey the suite answers, e2e/service-dashboard.spec.ts's seeded link, is agent2's case).
  //    The team's figures are a snapshot (recomputed every 5 minutes): "Recompute now" shows them at once.
  await expect
    .poll(async () => {
      const recompute = manager.getByRole('button', { name: 'Recompute now' });
      await recompute.click();
      await expect(recompute).toBeEnabled();
      return csatAnswers(manager, FIRST_AGENT);
    })
    .toBe(answersBefore + 1);
  await close(manager);

  // 10. A rep reads only the cases of customers they own: not this one (a new customer nobody owns).
  const rep = await asRole(browser, 'rep');
  expect((await rep.goto(casePath))?.status()).toBe(404);
  await rep.goto(`/cases?customer=${encodeURIComponent(customer.name)}`);
  await expect(rep.getByText('Cases of the customers you own (read-only).')).toBeVisible();
  await expect(rep.getByRole('link', { name: subject })).toHaveCount(0);
  await close(rep);
});
