// The malformed requests the fuzz test sends, as plain data: what to send, not how. Add a page,
// a value or an action body here and every role gets it; to fuzz another server action, add its
// exported name to ACTIONS (its id and a page are read from the build's server-reference
// manifest). No request may be valid: the test fails if any row changes.

export type FuzzCase = {
  /** Stable name; failures and the expected-failure list use it. */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * Text the admin's response must contain (the admin holds every permission, so nothing stops
   * the request before the check this names): proves that a crafted body reached that check.
   */
  adminExpects?: string;
};

/** Real ids the cases need (so a malformed request reaches the code behind the id checks). */
export type FuzzContext = {
  customerId: string;
  contactId: string;
  /** A customer owned by someone else than the rep (for "not yours" paths). */
  otherCustomerId: string;
  userId: string;
  /** Server actions by exported name: id and a page URL that uses them. */
  actions: Map<string, { id: string; path: string }>;
};

const UUID = '5d0b1f9e-1c1a-4c59-9a3e-5b8f0c2d7e41';
const huge = (n: number) => 'x'.repeat(n);

/**
 * Query-string values, already percent-encoded as they go on the wire. Invalid UTF-8 (%C3%28,
 * %FF, an encoded lone surrogate %ED%A0%80), NUL, huge strings, impossible or out-of-range dates,
 * numbers that overflow, wrong types and injection attempts.
 */
export const QUERY_VALUES: Record<string, string> = {
  nul: '%00',
  nulInside: 'ab%00cd',
  invalidUtf8: '%C3%28',
  byteFF: '%FF',
  byteFFFE: '%FF%FE',
  encodedSurrogate: '%ED%A0%80',
  replacementChar: '%EF%BF%BD',
  overlongSlash: '%C0%AF',
  lonePercent: '%',
  badPercent: '%G1%2',
  huge: huge(6000),
  hugeNul: `${huge(3000)}%00`,
  year9999: '9999-12-31',
  year0: '0000-01-01',
  feb30: '2026-02-30',
  isoExpanded: '%2B010000-01-01',
  negative: '-1',
  overflow: '1e308',
  bigint: '99999999999999999999999',
  nan: 'NaN',
  array: '%5B%5D',
  object: '%7B%22%24ne%22%3A1%7D',
  sql: "'%3B%20drop%20table%20customers%3B--",
  rtl: '%E2%80%AEabc',
  emoji: '%F0%9F%98%80',
  whitespace: '%20%09%0A',
};

/** Pages and route handlers of the customers area (and the admin lists they link to), with their params. */
export function queryTargets(ctx: FuzzContext): { path: string; keys: string[] }[] {
  return [
    {
      path: '/customers',
      keys: [
        'q',
        'owner',
        'kind',
        'industry',
        'country',
        'tags',
        'from',
        'to',
        'sort',
        'dir',
        'page',
        'size',
        'hide',
        'deleted',
      ],
    },
    {
      path: '/customers/export',
      keys: ['q', 'owner', 'kind', 'industry', 'country', 'tags', 'from', 'to', 'sort', 'dir'],
    },
    { path: '/contacts', keys: ['q', 'sort', 'dir', 'page', 'size', 'hide'] },
    { path: '/customers/duplicates', keys: ['reason', 'days', 'page'] },
    { path: '/customers/merge', keys: ['a', 'b'] },
    { path: `/customers/${ctx.customerId}`, keys: ['before', 'op'] },
    { path: '/search', keys: ['q'] },
    { path: '/admin/audit', keys: ['actor', 'entity', 'action', 'from', 'to', 'before'] },
    { path: '/admin/users', keys: ['q', 'role', 'active', 'page'] },
    { path: '/', keys: ['q', 'page'] },
  ];
}

export function queryCases(ctx: FuzzContext): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const { path, keys } of queryTargets(ctx)) {
    for (const [valueName, value] of Object.entries(QUERY_VALUES)) {
      // Every key at once (a huge value in two keys only, or the URL is over Node's 16 kB header
      // limit and answered 431 before any parser runs), then the first key again with a good value.
      const query = (value.length > 1000 ? keys.slice(0, 2) : keys).map((k) => `${k}=${value}`).join('&');
      cases.push({ name: `GET ${path} all=${valueName}`, method: 'GET', path: `${path}?${query}&${keys[0]}=ok` });
    }
    // Keys as arrays (?q[]=…), unknown keys with bad names, and an RSC (client navigation) request.
    cases.push({
      name: `GET ${path} brackets`,
      method: 'GET',
      path: `${path}?${keys.map((k) => `${k}[]=%00`).join('&')}`,
    });
    cases.push({ name: `GET ${path} bad-key`, method: 'GET', path: `${path}?%00=1&%FF=2&${huge(2000)}=3` });
    cases.push({
      name: `GET ${path} rsc`,
      method: 'GET',
      path: `${path}?${keys[0]}=%00`,
      headers: { RSC: '1', 'Next-Router-State-Tree': '%5B%22%00%22%5D' },
    });
  }
  // The timeline cursor, field by field.
  for (const before of [
    `0000-01-01_${UUID}`,
    `9999-12-31T23:59:59.999Z_${UUID}`,
    `2026-01-01T00:00:00Z_%00`,
    '_',
    '%00_%00',
  ])
    cases.push({
      name: `GET 360 before=${before}`,
      method: 'GET',
      path: `/customers/${ctx.customerId}?before=${before}`,
    });
  return cases;
}

/** Malformed ids in paths: each must be a 404, never a 500. */
export function pathCases(ctx: FuzzContext): FuzzCase[] {
  const ids = ['%00', '%FF', 'not-a-uuid', `${UUID}%00`, huge(3000), UUID, '..%2F..%2Fetc', '%E2%80%AE'];
  const cases: FuzzCase[] = [];
  for (const id of ids) {
    for (const path of [`/customers/${id}`, `/customers/${id}/edit`, `/contacts/${id}/edit`, `/admin/users/${id}`])
      cases.push({ name: `GET ${path.replace(id, `{${id.slice(0, 12)}}`)}`, method: 'GET', path });
  }
  cases.push({ name: 'GET edit other customer', method: 'GET', path: `/customers/${ctx.otherCustomerId}/edit` });
  cases.push({ name: 'GET edit contact', method: 'GET', path: `/contacts/${ctx.contactId}/edit` });
  return cases;
}

const form = 'application/x-www-form-urlencoded';

/** POST /customers/export: wrong origins, types, sizes, encodings and ids. */
export function exportPostCases(ctx: FuzzContext, origin: string): FuzzCase[] {
  const post = (name: string, body: string | Buffer, headers: Record<string, string> = {}): FuzzCase => ({
    name: `POST export ${name}`,
    method: 'POST',
    path: '/customers/export',
    body,
    headers: { origin, 'content-type': form, ...headers },
  });
  return [
    post('nul id', 'ids=%00'),
    post('nul inside id', `ids=${ctx.customerId}%00`),
    post('invalid utf-8', Buffer.from([0x69, 0x64, 0x73, 0x3d, 0xc3, 0x28, 0xff])),
    post('bad ids', 'ids=1,2,3'),
    post('no ids', 'x=1'),
    post('empty', ''),
    post('1001 ids', `ids=${Array.from({ length: 1001 }, () => UUID).join(',')}`),
    post('over 64 kB', `ids=${`${UUID},`.repeat(2000)}`),
    post('json', JSON.stringify({ ids: [ctx.customerId] }), { 'content-type': 'application/json' }),
    post('multipart', `--b\r\nContent-Disposition: form-data; name="ids"\r\n\r\n${ctx.customerId}\r\n--b--`, {
      'content-type': 'multipart/form-data; boundary=b',
    }),
    post('no origin', `ids=${ctx.customerId}`, { origin: '' }),
    post('other origin', `ids=${ctx.customerId}`, { origin: 'https://evil.example' }),
    post('null origin', `ids=${ctx.customerId}`, { origin: 'null' }),
    post('cross-site', `ids=${ctx.customerId}`, { 'sec-fetch-site': 'cross-site' }),
    post('percent garbage', 'ids=%%%GG&ids=%E2%80%AE'),
  ];
}

/** Broken multipart envelopes and other bodies posted to pages, with and without a Next-Action header. */
export function envelopeCases(ctx: FuzzContext, origin: string): FuzzCase[] {
  const anyAction = [...ctx.actions.values()][0];
  const bodies: [string, string, Buffer | string][] = [
    ['no boundary', 'multipart/form-data', '--x\r\n\r\n'],
    [
      'wrong boundary',
      'multipart/form-data; boundary=abc',
      '--xyz\r\nContent-Disposition: form-data; name="0"\r\n\r\n[]\r\n--xyz--',
    ],
    ['truncated', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="0"\r\n\r\n["'],
    ['no disposition', 'multipart/form-data; boundary=abc', '--abc\r\n\r\nvalue\r\n--abc--'],
    [
      'nul name',
      'multipart/form-data; boundary=abc',
      '--abc\r\nContent-Disposition: form-data; name="\0"\r\n\r\nx\r\n--abc--',
    ],
    ['binary', 'application/octet-stream', Buffer.from([0, 1, 2, 0xff, 0xfe, 0xfd])],
    ['form nul', form, 'a=%00&b=%FF'],
  ];
  const cases: FuzzCase[] = [];
  for (const [name, type, body] of bodies) {
    cases.push({
      name: `POST page ${name}`,
      method: 'POST',
      path: '/customers',
      body,
      headers: { origin, 'content-type': type },
    });
    cases.push({
      name: `POST action ${name}`,
      method: 'POST',
      path: anyAction.path,
      body,
      headers: { origin, 'content-type': type, 'next-action': anyAction.id },
    });
  }
  // Unknown or malformed action ids (a stale or forged client).
  for (const id of ['00', '%00', 'x'.repeat(42), `${anyAction.id.slice(0, -2)}ff`])
    cases.push({
      name: `POST action id ${id.slice(0, 8)}`,
      method: 'POST',
      path: '/customers',
      body: '[]',
      headers: { origin, 'content-type': 'text/plain;charset=UTF-8', 'next-action': id },
    });
  return cases;
}

/**
 * How each customers-area action is called: (prevState, FormData) from a form, or plain arguments.
 * `wrapped`: a defineFormAction, which refuses NUL and U+FFFD in any field with "invalidCharacters".
 */
export const ACTIONS: Record<string, { kind: 'form'; fields: string[]; wrapped?: false } | { kind: 'args' }> = {
  // Sign-in is the one form action anyone may call; it runs before there is a viewer to wrap.
  loginAction: { kind: 'form', fields: ['email', 'password', 'callbackUrl'], wrapped: false },
  createCustomerAction: {
    kind: 'form',
    fields: ['kind', 'name', 'email', 'phone', 'website', 'country', 'tags', 'notes', 'ownerId'],
  },
  updateCustomerAction: {
    kind: 'form',
    fields: ['id', 'version', 'kind', 'name', 'email', 'country', 'tags', 'notes'],
  },
  deleteCustomerAction: { kind: 'args' },
  restoreCustomerAction: { kind: 'args' },
  bulkAssignOwnerAction: { kind: 'args' },
  bulkAddTagAction: { kind: 'args' },
  createContactAction: { kind: 'form', fields: ['customerId', 'firstName', 'lastName', 'email', 'phone', 'title'] },
  updateContactAction: { kind: 'form', fields: ['id', 'version', 'firstName', 'lastName', 'email', 'title'] },
  deleteContactAction: { kind: 'args' },
  logActivityAction: {
    kind: 'form',
    fields: ['customerId', 'type', 'subject', 'body', 'occurredAt', 'dueAt', 'contactId'],
  },
  setTaskDoneAction: { kind: 'args' },
  importCustomersAction: { kind: 'args' },
  mergeCustomersAction: { kind: 'form', fields: ['a', 'b', 'aVersion', 'bVersion', 'survivor', 'choice.name'] },
  searchAction: { kind: 'args' },
  scanDuplicatesAction: { kind: 'args' },
};

/**
 * A multipart body as React sends (prevState, FormData): field 0 is the argument list, whose "$K1"
 * is the FormData made of the fields named `_1_<name>`, written before it. Next reads the body as a
 * stream and builds that FormData when field 0 arrives: fields after it, or with another prefix,
 * never reach the action, which then sees an empty form.
 */
export function formReply(
  fields: Record<string, string>,
  root = '[{"ok":false},"$K1"]',
): { body: string; type: string } {
  const boundary = '----fuzz7MA4YWxkTrZu0gW';
  const parts = [...Object.entries(fields).map(([k, v]) => [`_1_${k}`, v]), ['0', root]];
  const body = `${parts
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('')}--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

/** Malformed bodies for one action: wrong shapes for every action, damaged fields for form actions. */
type ActionBody = { name: string; body: string | Buffer; type: string; adminExpects?: string };

export function actionBodies(ctx: FuzzContext, name: string): ActionBody[] {
  const text = 'text/plain;charset=UTF-8';
  const spec = ACTIONS[name];
  const bodies: ActionBody[] = [
    { name: 'array of junk', body: '[{"ok":false},"a string"]', type: text },
    { name: 'no args', body: '[]', type: text },
    { name: 'null', body: '[null,null]', type: text },
    { name: 'nul string', body: '["\\u0000"]', type: text },
    // Arguments that are JSON but not a list: Next spreads them into the call and throws.
    { name: 'root null', body: 'null', type: text },
    { name: 'root string', body: '"x"', type: text },
    { name: 'root number', body: '7', type: text },
    {
      name: 'nul fields',
      body: JSON.stringify([
        {
          q: '\0',
          id: '\0',
          ids: ['\0'],
          tag: '\0',
          ownerId: '\0',
          done: '\0',
          rows: [{ line: 2, values: { name: '\0', externalId: '\0' } }],
        },
      ]),
      type: text,
    },
    { name: 'wrong types', body: '[1e308,-1,true,{"length":-1}]', type: text },
    { name: 'huge string', body: JSON.stringify([huge(300_000)]), type: text },
    { name: 'invalid utf-8', body: Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x5d]), type: text },
    { name: 'not json', body: 'not json', type: text },
    { name: 'object root', body: '{"not":"an array"}', type: text },
    { name: 'deep nesting', body: `${'['.repeat(400)}${']'.repeat(400)}`, type: text },
    { name: 'proto', body: '[{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}]', type: text },
    {
      name: 'ids wrong',
      body: JSON.stringify([{ ids: [ctx.customerId, '\0', 42], ownerId: ctx.userId, tag: 'x'.repeat(31) }]),
      type: text,
    },
    {
      name: 'import lines',
      body: JSON.stringify([
        {
          rows: [
            { line: 2, values: { name: 'A\0' } },
            { line: 2, values: { name: 'B' } },
            { line: -1, values: {} },
          ],
        },
      ]),
      type: text,
    },
    { name: 'id as array', body: JSON.stringify([[ctx.customerId]]), type: text },
  ];
  if (spec?.kind === 'form') {
    const each = (value: string) => Object.fromEntries(spec.fields.map((f) => [f, value]));
    const nul = formReply(each('a\0b'));
    const fffd = formReply(each('caf\uFFFD'));
    const big = formReply(each(huge(60_000)));
    const versions = formReply({
      ...each('x'),
      id: ctx.customerId,
      customerId: ctx.customerId,
      a: ctx.customerId,
      b: ctx.otherCustomerId,
      version: '1e308',
      aVersion: '-1',
      bVersion: 'abc',
      kind: 'company',
      name: 'Fuzz',
      type: 'task',
      subject: 'Fuzz',
      firstName: 'Fuzz',
      occurredAt: '9999-12-31T23:59:59Z',
      dueAt: '0000-01-01T00:00:00Z',
      survivor: 'c',
    });
    // Well-formed but refused: a stale version, a missing parent, the same customer twice. Never
    // for createCustomerAction, where a well-formed body would create a customer.
    const stale = formReply({
      ...each(''),
      id: name === 'updateContactAction' ? UUID : ctx.customerId,
      version: '999999',
      kind: 'company',
      name: 'Fuzz stale',
      firstName: 'Fuzz',
      customerId: UUID,
      type: 'call',
      subject: 'Fuzz on a missing customer',
      a: ctx.customerId,
      b: ctx.customerId,
      aVersion: '1',
      bVersion: '1',
      survivor: 'a',
    });
    // The wrapper's character check answers these, so the fields must have arrived as a form.
    const checked = spec.wrapped === false ? undefined : 'invalidCharacters';
    bodies.push(
      { name: 'form nul', ...nul, adminExpects: checked },
      { name: 'form U+FFFD', ...fffd, adminExpects: checked },
      { name: 'form huge', ...big },
      { name: 'form wrong versions', ...versions },
      ...(name === 'createCustomerAction' ? [] : [{ name: 'form stale or missing', ...stale }]),
      { name: 'form no root', ...formReply(each('x'), '[]') },
      { name: 'form root not a list', ...formReply(each('x'), '{"$K1":1}') },
      { name: 'form root null', ...formReply(each('x'), 'null') },
    );
  }
  return bodies;
}

export function actionCases(ctx: FuzzContext, origin: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const name of Object.keys(ACTIONS)) {
    const action = ctx.actions.get(name);
    if (!action) throw new Error(`action ${name} is not in the build's server-reference manifest`);
    for (const b of actionBodies(ctx, name))
      cases.push({
        name: `${name}: ${b.name}`,
        method: 'POST',
        path: action.path,
        body: b.body,
        headers: { origin, accept: 'text/x-component', 'next-action': action.id, 'content-type': b.type },
        adminExpects: b.adminExpects,
      });
  }
  return cases;
}
