'use client';

import { Plus, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import {
  type Condition,
  FIELD_KEYS,
  FIELDS,
  type FieldGroup,
  type FieldKey,
  type Group,
  MAX_DEPTH,
  OPERATORS,
  type Operator,
} from '@/lib/marketing/segments/rules';

// The rule tree editor: native selects and inputs with visible labels (keyboard and screen reader
// friendly without custom widgets), one row per condition, a fieldset per group. Each node carries a
// client-only `key` for React; toRule() strips it before the tree is checked or sent.

export type BuilderOptions = {
  owners: { id: string; name: string }[];
  countries: string[];
  industries: string[];
};

export type EditCondition = Condition & { key: string };
export type EditGroup = { type: 'group'; match: 'all' | 'any'; children: EditNode[]; key: string };
export type EditNode = EditCondition | EditGroup;

let counter = 0;
const nextKey = () => `n${++counter}`;

export function withKeys(node: Condition | Group): EditNode {
  return node.type === 'group'
    ? { ...node, key: nextKey(), children: node.children.map(withKeys) }
    : { ...node, key: nextKey() };
}

export function toRule(node: EditGroup): Group;
export function toRule(node: EditNode): Condition | Group;
export function toRule(node: EditNode): Condition | Group {
  if (node.type === 'group') return { type: 'group', match: node.match, children: node.children.map(toRule) };
  const { key: _key, ...condition } = node;
  return condition;
}

const today = () => new Date().toISOString().slice(0, 10);

/** A sensible starting value for a field and operator (what the inputs show first). */
function initialValue(field: FieldKey, op: Operator, options: BuilderOptions): unknown {
  const def = FIELDS[field] as { type: string; options?: readonly (string | number)[] };
  if (op === 'isEmpty' || def.type === 'boolean') return true;
  if (op === 'in') return [];
  if (def.type === 'date') {
    if (op === 'between') return [today(), today()];
    if (op === 'withinLast' || op === 'notWithinLast') return 90;
    return today();
  }
  if (def.type === 'number') return op === 'between' ? [0, 100] : 0;
  if (def.type === 'enum') return def.options?.[0];
  if (def.type === 'user') return options.owners[0]?.id ?? '';
  return '';
}

export function newCondition(options: BuilderOptions, field: FieldKey = 'country'): EditCondition {
  const op = OPERATORS[FIELDS[field].type][0] as Operator;
  return { type: 'condition', field, op, value: initialValue(field, op, options), key: nextKey() };
}

export function newGroup(): EditGroup {
  return { type: 'group', match: 'any', children: [], key: nextKey() };
}

const GROUPS: FieldGroup[] = ['customer', 'purchases', 'consent', 'analytics'];

type Props = {
  group: EditGroup;
  onChange: (group: EditGroup) => void;
  onRemove?: () => void;
  depth: number;
  /** Path of this group in the tree as zod reports it ('' for the root, 'children.2' …). */
  path: string;
  errors: Map<string, string>;
  options: BuilderOptions;
  disabled: boolean;
};

export function GroupEditor({ group, onChange, onRemove, depth, path, errors, options, disabled }: Props) {
  const t = useTranslations('segments.builder');
  const tv = useTranslations('validation');
  const id = useId();
  const childPath = (i: number) => (path ? `${path}.children.${i}` : `children.${i}`);
  const setChild = (i: number, node: EditNode) =>
    onChange({ ...group, children: group.children.map((c, j) => (j === i ? node : c)) });
  const removeChild = (i: number) => onChange({ ...group, children: group.children.filter((_, j) => j !== i) });
  const groupError = errors.get(path) ?? errors.get(path ? `${path}.children` : 'children');
  return (
    <fieldset
      className={depth === 1 ? 'space-y-3' : 'space-y-3 rounded-md border border-slate-200 bg-slate-50/60 p-3'}
      aria-describedby={groupError ? `${id}-error` : undefined}
    >
      <legend className="sr-only">{depth === 1 ? t('rootGroup') : t('nestedGroup')}</legend>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-match`} className="text-sm font-medium text-slate-700">
          {depth === 1 ? t('rootGroup') : t('nestedGroup')}: {t('match')}
        </label>
        <Select
          id={`${id}-match`}
          value={group.match}
          disabled={disabled}
          onChange={(e) => onChange({ ...group, match: e.target.value as 'all' | 'any' })}
          className="w-auto"
        >
          <option value="all">{t('all')}</option>
          <option value="any">{t('any')}</option>
        </Select>
        {onRemove && !disabled ? (
          <Button type="button" variant="ghost" size="sm" onClick={onRemove} className="ml-auto">
            <Trash2 aria-hidden className="mr-1 h-4 w-4" />
            {t('removeGroup')}
          </Button>
        ) : null}
      </div>
      {groupError ? (
        <p id={`${id}-error`} className="text-xs text-red-600">
          {tv.has(groupError) ? tv(groupError) : groupError}
        </p>
      ) : null}
      {group.children.length === 0 ? <p className="text-sm text-slate-500">{t('noConditions')}</p> : null}
      <ol className="space-y-3">
        {group.children.map((child, i) => (
          <li key={child.key}>
            {child.type === 'group' ? (
              <GroupEditor
                group={child}
                onChange={(g) => setChild(i, g)}
                onRemove={() => removeChild(i)}
                depth={depth + 1}
                path={childPath(i)}
                errors={errors}
                options={options}
                disabled={disabled}
              />
            ) : (
              <ConditionEditor
                condition={child}
                number={i + 1}
                onChange={(c) => setChild(i, c)}
                onRemove={() => removeChild(i)}
                path={childPath(i)}
                errors={errors}
                options={options}
                disabled={disabled}
              />
            )}
          </li>
        ))}
      </ol>
      {disabled ? null : (
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() => onChange({ ...group, children: [...group.children, newCondition(options)] })}
          >
            <Plus aria-hidden className="mr-1 h-4 w-4" />
            {t('addCondition')}
          </Button>
          {depth < MAX_DEPTH ? (
            <Button
              type="button"
              variant="secondary"
              size="sm"
              onClick={() => onChange({ ...group, children: [...group.children, newGroup()] })}
            >
              <Plus aria-hidden className="mr-1 h-4 w-4" />
              {t('addGroup')}
            </Button>
          ) : null}
        </div>
      )}
    </fieldset>
  );
}

type ConditionProps = {
  condition: EditCondition;
  number: number;
  onChange: (c: EditCondition) => void;
  onRemove: () => void;
  path: string;
  errors: Map<string, string>;
  options: BuilderOptions;
  disabled: boolean;
};

function ConditionEditor({ condition, number, onChange, onRemove, path, errors, options, disabled }: ConditionProps) {
  const t = useTranslations('segments');
  const tv = useTranslations('validation');
  const id = useId();
  const { field, op } = condition;
  const type = FIELDS[field].type;
  const ops = OPERATORS[type] as readonly Operator[];
  const error =
    errors.get(`${path}.value`) ?? errors.get(`${path}.op`) ?? errors.get(`${path}.field`) ?? errors.get(path);
  const errorId = `${id}-error`;
  const opLabel = (o: Operator) =>
    type === 'tags' && (o === 'contains' || o === 'in') ? t(`tagOps.${o}`) : t(`ops.${o}`);
  return (
    <div
      role="group"
      aria-label={t('builder.condition', { number })}
      className="grid gap-2 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,11rem)_minmax(0,1fr)_auto] sm:items-end"
    >
      <div>
        <label htmlFor={`${id}-field`} className="mb-1 block text-xs font-medium text-slate-600">
          {t('builder.field')}
        </label>
        <Select
          id={`${id}-field`}
          value={field}
          disabled={disabled}
          onChange={(e) => onChange({ ...newCondition(options, e.target.value as FieldKey), key: condition.key })}
        >
          {GROUPS.map((g) => (
            <optgroup key={g} label={t(`fieldGroups.${g}`)}>
              {FIELD_KEYS.filter((f) => FIELDS[f].group === g).map((f) => (
                <option key={f} value={f}>
                  {t(`fields.${f}`)}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </div>
      <div>
        <label htmlFor={`${id}-op`} className="mb-1 block text-xs font-medium text-slate-600">
          {t('builder.operator')}
        </label>
        <Select
          id={`${id}-op`}
          value={op}
          disabled={disabled}
          onChange={(e) => {
            const next = e.target.value as Operator;
            onChange({ ...condition, op: next, value: initialValue(field, next, options) });
          }}
        >
          {ops.map((o) => (
            <option key={o} value={o}>
              {opLabel(o)}
            </option>
          ))}
        </Select>
      </div>
      <div>
        <ValueInput
          id={`${id}-value`}
          condition={condition}
          options={options}
          disabled={disabled}
          invalid={Boolean(error)}
          describedBy={error ? errorId : undefined}
          onChange={(value) => onChange({ ...condition, value })}
        />
      </div>
      {disabled ? null : (
        <Button type="button" variant="ghost" size="icon" onClick={onRemove} aria-label={t('builder.removeCondition')}>
          <Trash2 aria-hidden className="h-4 w-4" />
        </Button>
      )}
      {error ? (
        <p id={errorId} className="text-xs text-red-600 sm:col-span-4">
          {tv.has(error) ? tv(error) : error}
        </p>
      ) : null}
    </div>
  );
}

type ValueProps = {
  id: string;
  condition: EditCondition;
  options: BuilderOptions;
  disabled: boolean;
  invalid: boolean;
  describedBy?: string;
  onChange: (value: unknown) => void;
};

/** A number from an input: the number when it reads as one, else the text (which the schema then flags). */
const num = (text: string): unknown => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const csv = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function ValueInput({ id, condition, options, disabled, invalid, describedBy, onChange }: ValueProps) {
  const t = useTranslations('segments');
  const ta = useTranslations('analytics');
  const { field, op, value } = condition;
  const def = FIELDS[field] as { type: string; options?: readonly (string | number)[] };
  const a11y = { 'aria-invalid': invalid || undefined, 'aria-describedby': describedBy, disabled };
  const label = (text: string, forId = id) => (
    <label htmlFor={forId} className="mb-1 block text-xs font-medium text-slate-600">
      {text}
    </label>
  );

  if (op === 'isEmpty' || def.type === 'boolean') {
    const [yes, no] =
      op === 'isEmpty' ? [t('builder.emptyYes'), t('builder.emptyNo')] : [t('builder.yes'), t('builder.no')];
    return (
      <>
        {label(t('builder.value'))}
        <Select
          id={id}
          value={value ? 'true' : 'false'}
          onChange={(e) => onChange(e.target.value === 'true')}
          {...a11y}
        >
          <option value="true">{yes}</option>
          <option value="false">{no}</option>
        </Select>
      </>
    );
  }

  if (op === 'between') {
    const [a, b] = Array.isArray(value) ? value : ['', ''];
    const kind = def.type === 'date' ? 'date' : 'number';
    const read = (s: string) => (kind === 'date' ? s : num(s));
    return (
      <div className="grid grid-cols-2 gap-2">
        <div>
          {label(t('builder.from'), `${id}-from`)}
          <Input
            id={`${id}-from`}
            type={kind}
            step="any"
            value={String(a ?? '')}
            onChange={(e) => onChange([read(e.target.value), b])}
            {...a11y}
          />
        </div>
        <div>
          {label(t('builder.to'), `${id}-to`)}
          <Input
            id={`${id}-to`}
            type={kind}
            step="any"
            value={String(b ?? '')}
            onChange={(e) => onChange([a, read(e.target.value)])}
            {...a11y}
          />
        </div>
      </div>
    );
  }

  if (def.type === 'date') {
    const days = op === 'withinLast' || op === 'notWithinLast';
    return (
      <>
        {label(days ? t('builder.days') : t('builder.value'))}
        <Input
          id={id}
          type={days ? 'number' : 'date'}
          min={days ? 1 : undefined}
          value={String(value ?? '')}
          onChange={(e) => onChange(days ? num(e.target.value) : e.target.value)}
          {...a11y}
        />
      </>
    );
  }

  if (def.type === 'number')
    return (
      <>
        {label(t('builder.value'))}
        <Input
          id={id}
          type="number"
          step="any"
          inputMode="decimal"
          value={String(value ?? '')}
          onChange={(e) => onChange(num(e.target.value))}
          {...a11y}
        />
      </>
    );

  if (def.type === 'enum' || def.type === 'user') {
    const choices: { value: string; label: string }[] =
      def.type === 'user'
        ? options.owners.map((o) => ({ value: o.id, label: o.name }))
        : (def.options ?? []).map((o) => ({ value: String(o), label: enumLabel(field, o, t, ta) }));
    const fromText = (s: string): unknown => (field === 'clvBand' ? Number(s) : s);
    if (op === 'in') {
      const selected = (Array.isArray(value) ? value : []).map(String);
      return (
        <>
          {label(t('builder.value'))}
          <Select
            id={id}
            multiple
            size={Math.min(choices.length, 5)}
            className="h-auto py-1"
            value={selected}
            onChange={(e) => onChange([...e.target.selectedOptions].map((o) => fromText(o.value)))}
            {...a11y}
          >
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        </>
      );
    }
    return (
      <>
        {label(t('builder.value'))}
        <Select id={id} value={String(value ?? '')} onChange={(e) => onChange(fromText(e.target.value))} {...a11y}>
          {def.type === 'user' && !value ? <option value="">{t('builder.chooseOwner')}</option> : null}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </Select>
      </>
    );
  }

  // Text and tags: free text (suggestions for country and industry); a list is comma-separated.
  const list = field === 'country' ? options.countries : field === 'industry' ? options.industries : [];
  const listId = list.length ? `${id}-list` : undefined;
  const many = op === 'in';
  return (
    <>
      {label(t('builder.value'))}
      {many ? (
        <ListInput
          key={field}
          id={id}
          list={listId}
          value={Array.isArray(value) ? value.map(String) : []}
          onChange={onChange}
          placeholder={t('builder.listHint')}
          {...a11y}
        />
      ) : (
        <Input
          id={id}
          list={listId}
          maxLength={200}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value)}
          {...a11y}
        />
      )}
      {listId ? (
        <datalist id={listId}>
          {list.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}

/**
 * A comma-separated list: the text as typed is kept (a trailing comma while typing the next value
 * must not vanish), the values are what it parses to.
 */
function ListInput({
  value,
  onChange,
  ...props
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string[];
  onChange: (values: string[]) => void;
}) {
  const [text, setText] = useState(value.join(', '));
  return (
    <Input
      {...props}
      maxLength={2000}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(csv(e.target.value));
      }}
    />
  );
}

type T = ReturnType<typeof useTranslations>;
function enumLabel(field: FieldKey, option: string | number, t: T, ta: T): string {
  switch (field) {
    case 'kind':
      return t(`kindsOfCustomer.${option}`);
    case 'rfmSegment':
      return ta(`segmentNames.${option}`);
    case 'valueClass':
      return ta(`valueClasses.${option}`);
    case 'clvBand':
      return ta(`clvBands.${option}`);
    case 'aliveBand':
      return ta(`aliveBands.${option}`);
    default:
      return String(option);
  }
}
