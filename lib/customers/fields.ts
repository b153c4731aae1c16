import type { customers } from '@/db/schema';

/**
 * Every customer field, once: what kind of value it holds, how long it may be, and where it
 * appears. The form's zod schema (schemas.ts), the import's fields, header names and row parser
 * (import/), the merge page's fields (duplicates/merge-rules.ts), the customer list's columns
 * (customers.ts) and the CSV export (export.ts) are derived from this list. Pure and client-safe:
 * the import mapping and the merge form run it in the browser. Labels are in the catalogs under
 * each use's own key: `customerMerge.fields.<field>`, `import.customerFields.<import name>`.
 *
 * The order is the export's (and the import's) column order.
 */

export type FieldKind =
  | 'id'
  | 'text'
  | 'email'
  | 'phone'
  | 'url'
  | 'country'
  | 'enum'
  | 'tags'
  | 'owner'
  | 'boolean'
  | 'locale'
  | 'timestamp';

export type FieldSpec = {
  kind: FieldKind;
  /** The longest value accepted: the column's varchar length, or the form's limit for a text column. */
  max?: number;
  /** The form refuses a blank value. */
  required?: true;
  /** The values of an `enum` field. */
  values?: readonly [string, ...string[]];
  /** Edited in the customer form (CustomerSchema). */
  form?: true;
  /**
   * Read from import files. `as`: the import field's name when it differs from the field's (the
   * owner is imported by email); `key`: matches a stored customer and is never changed by an
   * import; `aliases`: header names that suggest the field (compared after normaliseHeader).
   */
  import?: { as?: string; key?: true; aliases: readonly string[] };
  /** Chosen one side of when merging two customers: its position on the merge page. */
  merge?: number;
  /** A CSV export column, under the database column's name (the owner as owner_email and owner_name). */
  export?: true;
  /** Read by the customer list (CustomerRow). */
  list?: true;
};

type CustomerColumn = keyof typeof customers.$inferSelect;

export const CUSTOMER_FIELD_SPECS = {
  id: { kind: 'id', export: true, list: true },
  externalId: {
    kind: 'text',
    max: 100,
    import: {
      key: true,
      aliases: [
        'externalid',
        'extid',
        'customerid',
        'customercode',
        'accountid',
        'code',
        '外部编号',
        '外部id',
        '客户编号',
        '客户代码',
        '编号',
      ],
    },
    merge: 16,
    export: true,
  },
  kind: {
    kind: 'enum',
    values: ['person', 'company'],
    form: true,
    import: { aliases: ['kind', 'type', 'customertype', '类型', '客户类型'] },
    merge: 2,
    export: true,
    list: true,
  },
  name: {
    kind: 'text',
    max: 200,
    required: true,
    form: true,
    import: {
      aliases: [
        'name',
        'customer',
        'customername',
        'company',
        'companyname',
        'account',
        'accountname',
        'fullname',
        '名称',
        '客户',
        '客户名称',
        '客户名',
        '姓名',
        '公司',
        '公司名称',
        '企业名称',
      ],
    },
    merge: 1,
    export: true,
    list: true,
  },
  email: {
    kind: 'email',
    max: 254,
    form: true,
    import: { aliases: ['email', 'emailaddress', 'mail', '邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址'] },
    merge: 3,
    export: true,
    list: true,
  },
  phone: {
    kind: 'phone',
    max: 40,
    form: true,
    import: {
      aliases: [
        'phone',
        'telephone',
        'tel',
        'mobile',
        'phonenumber',
        '电话',
        '手机',
        '手机号',
        '手机号码',
        '联系电话',
        '电话号码',
      ],
    },
    merge: 4,
    export: true,
    list: true,
  },
  website: {
    kind: 'url',
    max: 200,
    form: true,
    import: { aliases: ['website', 'web', 'url', 'site', 'homepage', '网站', '网址', '主页', '官网'] },
    merge: 5,
    export: true,
  },
  street: {
    kind: 'text',
    max: 200,
    form: true,
    import: { aliases: ['street', 'address', 'addressline1', 'streetaddress', '地址', '街道', '详细地址'] },
    merge: 6,
    export: true,
  },
  city: {
    kind: 'text',
    max: 100,
    form: true,
    import: { aliases: ['city', 'town', '城市', '市'] },
    merge: 7,
    export: true,
    list: true,
  },
  region: {
    kind: 'text',
    max: 100,
    form: true,
    import: { aliases: ['region', 'state', 'province', 'county', '省', '省份', '地区', '州'] },
    merge: 8,
    export: true,
  },
  postalCode: {
    kind: 'text',
    max: 20,
    form: true,
    import: { aliases: ['postalcode', 'postcode', 'zip', 'zipcode', '邮编', '邮政编码'] },
    merge: 9,
    export: true,
  },
  country: {
    kind: 'country',
    max: 2,
    form: true,
    import: { aliases: ['country', 'countrycode', '国家', '国家代码'] },
    merge: 10,
    export: true,
    list: true,
  },
  industry: {
    kind: 'text',
    max: 60,
    form: true,
    import: { aliases: ['industry', 'sector', '行业'] },
    merge: 11,
    export: true,
    list: true,
  },
  source: {
    kind: 'text',
    max: 60,
    form: true,
    import: { aliases: ['source', 'leadsource', '来源', '客户来源'] },
    merge: 12,
    export: true,
  },
  // Tags are not chosen in a merge: the survivor gets both records' tags.
  tags: {
    kind: 'tags',
    form: true,
    import: { aliases: ['tags', 'tag', 'labels', '标签'] },
    export: true,
    list: true,
  },
  notes: {
    kind: 'text',
    max: 5000,
    form: true,
    import: { aliases: ['notes', 'note', 'comments', 'comment', 'description', '备注', '说明'] },
    merge: 15,
    export: true,
  },
  ownerId: {
    kind: 'owner',
    form: true,
    import: {
      as: 'ownerEmail',
      aliases: [
        'owner',
        'owneremail',
        'accountowner',
        'salesrep',
        'owneremailaddress',
        '负责人',
        '负责人邮箱',
        '所有者',
        '销售',
      ],
    },
    merge: 13,
    export: true,
    list: true,
  },
  // The language to write to them in (the CSAT survey email; lib/service/customer-locale.ts), and
  // what language-based case assignment matches agents by. Null: not known (English is used).
  locale: { kind: 'locale', max: 10, form: true },
  // In a merge, consent travels with its times (consent_at, unsubscribed_at): see merge-rules.ts.
  // An import may give or withdraw it, but never for someone who unsubscribed (lib/customers/consent.ts).
  emailConsent: {
    kind: 'boolean',
    form: true,
    import: {
      aliases: [
        'emailconsent',
        'consent',
        'optin',
        'emailoptin',
        'marketingconsent',
        'subscribed',
        '邮件同意',
        '同意邮件',
        '营销同意',
        '订阅',
        '邮件订阅',
      ],
    },
    merge: 14,
    export: true,
  },
  createdAt: { kind: 'timestamp', export: true, list: true },
  updatedAt: { kind: 'timestamp', export: true, list: true },
} as const satisfies { [K in CustomerColumn]?: FieldSpec };

type Specs = typeof CUSTOMER_FIELD_SPECS;
export type CustomerFieldName = keyof Specs;
/** The fields whose spec has property `P` (and, optionally, of type `V`). */
type Having<P extends keyof FieldSpec, V = unknown> = {
  [K in CustomerFieldName]: Specs[K] extends { readonly [Q in P]: V } ? K : never;
}[CustomerFieldName];

export type FormField = Having<'form'>;
export type ImportableField = Having<'import'>;
export type MergeField = Having<'merge'>;
export type ExportField = Having<'export'>;
export type ListField = Having<'list'>;
/** The import field a customer field is read from: its own name, or `import.as`. */
export type CustomerImportName = {
  [K in ImportableField]: Specs[K]['import'] extends { as: infer A extends string } ? A : K;
}[ImportableField];
/** Importable fields an import may change on a stored customer: all but the key it is matched on. */
export type ImportUpdatedField = Exclude<ImportableField, Having<'import', { key: true }>>;
/**
 * Importable fields an import writes as they come: not the key, not tags (added to), the owner
 * (looked up) or consent (never given back to someone who unsubscribed: lib/customers/consent.ts).
 */
export type ImportValueField = Exclude<
  ImportableField,
  Having<'import', { key: true }> | Having<'kind', 'tags' | 'owner' | 'boolean'>
>;

const NAMES = Object.keys(CUSTOMER_FIELD_SPECS) as CustomerFieldName[];
const spec = (field: CustomerFieldName): FieldSpec => CUSTOMER_FIELD_SPECS[field];
const having = <P extends keyof FieldSpec>(property: P) =>
  NAMES.filter((field) => spec(field)[property] !== undefined) as Having<P>[];

export const FORM_FIELDS: readonly FormField[] = having('form');
export const IMPORTABLE_FIELDS: readonly ImportableField[] = having('import');
export const EXPORT_FIELDS: readonly ExportField[] = having('export');
export const LIST_FIELDS: readonly ListField[] = having('list');
/** In the merge page's order. */
export const MERGE_FIELDS: readonly MergeField[] = having('merge').sort((a, b) => spec(a).merge! - spec(b).merge!);

export function importName(field: ImportableField): CustomerImportName {
  return (spec(field).import?.as ?? field) as CustomerImportName;
}
export const CUSTOMER_IMPORT_NAMES: readonly CustomerImportName[] = IMPORTABLE_FIELDS.map(importName);
export const IMPORT_UPDATED_FIELDS = IMPORTABLE_FIELDS.filter(
  (field) => !spec(field).import?.key,
) as ImportUpdatedField[];
export const IMPORT_VALUE_FIELDS = IMPORTABLE_FIELDS.filter(
  (field) => !spec(field).import?.key && !['tags', 'owner', 'boolean'].includes(spec(field).kind),
) as ImportValueField[];

/** Header names that suggest each import field, in the import's field order. */
export const CUSTOMER_IMPORT_ALIASES = Object.fromEntries(
  IMPORTABLE_FIELDS.map((field) => [importName(field), spec(field).import!.aliases]),
) as Record<CustomerImportName, readonly string[]>;

/** A select list of `table`'s columns for `fields`, keyed by field name. */
export function columnsFor<T extends Record<F, unknown>, F extends CustomerFieldName>(
  table: T,
  fields: readonly F[],
): Pick<T, F> {
  return Object.fromEntries(fields.map((field) => [field, table[field]])) as Pick<T, F>;
}
