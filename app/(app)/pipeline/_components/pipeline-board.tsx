'use client';

import {
  type Announcements,
  closestCorners,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import * as Dialog from '@radix-ui/react-dialog';
import { useFormatter, useTranslations } from 'next-intl';
import { useId, useMemo, useState, useTransition } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { Textarea } from '@/components/ui/input';
import Link from '@/components/ui/link';
import { useToast } from '@/components/ui/toast';
import type { Board, BoardCard, BoardColumn, BoardStage } from '@/lib/sales/deals/board';
import { loadColumnCardsAction, moveDealAction } from '@/lib/sales/deals/board-actions';
import type { BoardFilter } from '@/lib/sales/deals/board-filters';

const COLUMN = 'col:';
const CLOSE = 'close:';
const DAY_MS = 86_400_000;

/** Amount text → integer cents (exact for the two-decimal amounts deals hold). */
const toCents = (amount: string) => Math.round(Number(amount) * 100);
const fromCents = (cents: number) => (cents / 100).toFixed(2);

type Closing = { card: BoardCard; stage: BoardStage };

/**
 * Arrow keys move a picked-up card between cards and columns only: the Won and Lost drop zones sit
 * above the columns, and the nearest target "to the right" would otherwise often be one of them.
 * Closing from the keyboard goes through the card's Move menu, which asks for the reason.
 */
const boardKeyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const containers = args.context.droppableContainers;
  const withoutCloseZones = new Proxy(containers, {
    get(target, prop) {
      if (prop === 'getEnabled') return () => target.getEnabled().filter((d) => !String(d.id).startsWith(CLOSE));
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return sortableKeyboardCoordinates(event, {
    ...args,
    context: { ...args.context, droppableContainers: withoutCloseZones },
  });
};

/**
 * The board in the browser: drag and drop (pointer or keyboard, through dnd-kit) and a "Move to"
 * menu on each card. A move shows at once; the server checks it (the deal's version) and a refusal
 * puts the card back where it was, with the reason. Won and lost ask for a reason first.
 */
export function PipelineBoard({
  board,
  filter,
  emptyText,
  showOwner,
}: {
  board: Board;
  filter: BoardFilter;
  emptyText: string;
  showOwner: boolean;
}) {
  const t = useTranslations('pipeline');
  const tm = useTranslations('messages');
  const format = useFormatter();
  const toast = useToast();
  const [columns, setColumns] = useState(board.columns);
  const [active, setActive] = useState<BoardCard | null>(null);
  const [closing, setClosing] = useState<Closing | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [shown, setShown] = useState(board.columns[0]?.stage.id ?? '');
  const [now] = useState(() => Date.now());
  const [, startTransition] = useTransition();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: boardKeyboardCoordinates }),
  );
  const stageOf = useMemo(() => {
    const map = new Map<string, BoardStage>();
    for (const c of columns) map.set(c.stage.id, c.stage);
    if (board.won) map.set(board.won.id, board.won);
    if (board.lost) map.set(board.lost.id, board.lost);
    return map;
  }, [columns, board.won, board.lost]);

  const money = (amount: string | number, currency = 'USD') =>
    format.number(Number(amount), { style: 'currency', currency, maximumFractionDigits: 0 });

  const findCard = (id: string) => {
    for (const col of columns) {
      const index = col.cards.findIndex((c) => c.id === id);
      if (index >= 0) return { col, index, card: col.cards[index] };
    }
    return null;
  };

  const targetName = (id: string | number | undefined) => {
    if (id === undefined) return '';
    const key = String(id);
    if (key.startsWith(COLUMN) || key.startsWith(CLOSE))
      return stageOf.get(key.slice(key.indexOf(':') + 1))?.name ?? '';
    const found = findCard(key);
    return found ? `${found.card.name} (${found.col.stage.name})` : '';
  };

  const announcements: Announcements = {
    onDragStart: ({ active: a }) => t('dnd.start', { deal: findCard(String(a.id))?.card.name ?? '' }),
    onDragOver: ({ active: a, over }) =>
      over ? t('dnd.over', { deal: findCard(String(a.id))?.card.name ?? '', target: targetName(over.id) }) : undefined,
    onDragEnd: ({ active: a, over }) =>
      over
        ? t('dnd.drop', { deal: findCard(String(a.id))?.card.name ?? '', target: targetName(over.id) })
        : t('dnd.dropNowhere', { deal: findCard(String(a.id))?.card.name ?? '' }),
    onDragCancel: ({ active: a }) => t('dnd.cancel', { deal: findCard(String(a.id))?.card.name ?? '' }),
  };

  /**
   * Applies a move to the columns (card out of its column, into the target at `index`, totals
   * moved with it); returns the card it now follows. Closing stages take the card off the board.
   */
  const apply = (state: BoardColumn[], card: BoardCard, toStage: string, index: number) => {
    const cents = toCents(card.amount);
    let afterId: string | null = null;
    const next = state.map((col) => {
      const had = col.cards.some((c) => c.id === card.id);
      let cards = had ? col.cards.filter((c) => c.id !== card.id) : col.cards;
      let { count, total, weighted } = col;
      if (had) {
        count -= 1;
        total = fromCents(toCents(total) - cents);
        weighted = fromCents(toCents(weighted) - Math.round((cents * col.stage.probability) / 100));
      }
      if (col.stage.id === toStage) {
        const at = Math.max(0, Math.min(index, cards.length));
        afterId = at > 0 ? cards[at - 1].id : null;
        const moved = had ? card : { ...card, stageEnteredAt: new Date(now).toISOString() };
        cards = [...cards.slice(0, at), moved, ...cards.slice(at)];
        count += 1;
        total = fromCents(toCents(total) + cents);
        weighted = fromCents(toCents(weighted) + Math.round((cents * col.stage.probability) / 100));
      }
      return { ...col, cards, count, total, weighted };
    });
    return { next, afterId };
  };

  const move = (card: BoardCard, toStage: string, index: number, reason?: string) => {
    const before = columns;
    const target = stageOf.get(toStage);
    if (!target) return;
    const { next, afterId } = apply(before, card, toStage, index);
    setColumns(next);
    setFailure(null);
    startTransition(async () => {
      const result = await moveDealAction({
        dealId: card.id,
        version: card.version,
        toStageId: toStage,
        afterId,
        reason,
      });
      if (result.ok && result.data) {
        const { version, position } = result.data;
        setColumns((cols) =>
          cols.map((col) => ({
            ...col,
            cards: col.cards.map((c) => (c.id === card.id ? { ...c, version, position } : c)),
          })),
        );
        toast(
          result.message && tm.has(result.message)
            ? tm(result.message)
            : t('moved', { deal: card.name, stage: target.name }),
        );
      } else {
        setColumns(before);
        const why = result.message && tm.has(result.message) ? tm(result.message) : tm('invalid');
        setFailure(t('moveFailed', { deal: card.name, reason: why }));
      }
    });
  };

  const onDragEnd = ({ active: a, over }: DragEndEvent) => {
    setActive(null);
    if (!over) return;
    const from = findCard(String(a.id));
    if (!from?.card.canMove) return;
    const overId = String(over.id);
    if (overId.startsWith(CLOSE)) {
      const stage = stageOf.get(overId.slice(CLOSE.length));
      if (stage) setClosing({ card: from.card, stage });
      return;
    }
    if (overId.startsWith(COLUMN)) {
      const stageId = overId.slice(COLUMN.length);
      if (stageId === from.col.stage.id) return;
      const col = columns.find((c) => c.stage.id === stageId);
      move(from.card, stageId, col?.cards.length ?? 0);
      return;
    }
    const to = findCard(overId);
    if (!to || to.card.id === from.card.id) return;
    if (to.col.stage.id === from.col.stage.id) {
      // Within a column: where arrayMove puts it, counted without the card itself.
      const order = arrayMove(from.col.cards, from.index, to.index).filter((c) => c.id !== from.card.id);
      move(from.card, to.col.stage.id, order.findIndex((c) => c.id === to.card.id) + (to.index > from.index ? 1 : 0));
    } else move(from.card, to.col.stage.id, to.index);
  };

  const onDragStart = ({ active: a }: DragStartEvent) => setActive(findCard(String(a.id))?.card ?? null);

  const loadMore = async (col: BoardColumn) => {
    if (!col.next) return null;
    const result = await loadColumnCardsAction({ stageId: col.stage.id, filter, after: col.next });
    if (!result.ok || !result.data) return t('column.moreFailed');
    const { cards, next } = result.data;
    setColumns((cols) =>
      cols.map((c) =>
        c.stage.id === col.stage.id
          ? { ...c, cards: [...c.cards, ...cards.filter((n) => !c.cards.some((o) => o.id === n.id))], next }
          : c,
      ),
    );
    return null;
  };

  const total = columns.reduce((n, c) => n + c.count, 0);
  const closeStages = [board.won, board.lost].filter((s): s is BoardStage => s !== null);

  return (
    <DndContext
      id="pipeline-board"
      sensors={sensors}
      collisionDetection={closestCorners}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
    >
      <div role="alert" className={cn(failure && 'mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800')}>
        {failure}
      </div>
      {total === 0 ? <EmptyState title={emptyText} /> : null}
      {board.canMove && closeStages.length ? (
        <div className="mb-3 hidden items-center gap-3 sm:flex">
          <span className="text-sm text-slate-600">{t('closeZones')}</span>
          {closeStages.map((stage) => (
            <CloseZone key={stage.id} stage={stage} label={stage.isWon ? t('dropWon') : t('dropLost')} />
          ))}
        </div>
      ) : null}
      {columns.length > 1 ? (
        <label className="mb-3 block text-sm sm:hidden">
          <span className="mb-1 block text-xs font-medium text-slate-600">{t('stagePicker')}</span>
          <select
            value={shown}
            onChange={(e) => setShown(e.target.value)}
            className="block h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
          >
            {columns.map((c) => (
              <option key={c.stage.id} value={c.stage.id}>
                {c.stage.name} ({c.count})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="flex gap-3 overflow-x-auto pb-3">
        {columns.map((col) => (
          <Column
            key={col.stage.id}
            column={col}
            hiddenOnPhone={col.stage.id !== shown}
            money={money}
            onMore={() => loadMore(col)}
          >
            {col.cards.map((card, index) => (
              <Card
                key={card.id}
                card={card}
                stage={col.stage}
                stages={[...columns.map((c) => c.stage), ...closeStages]}
                now={now}
                money={money}
                showOwner={showOwner}
                onMoveTo={(stageId) => {
                  const stage = stageOf.get(stageId);
                  if (!stage || stageId === col.stage.id) return;
                  if (stage.isWon || stage.isLost) setClosing({ card, stage });
                  else move(card, stageId, 0);
                }}
                dragging={active?.id === card.id}
                index={index}
              />
            ))}
          </Column>
        ))}
      </div>
      <DragOverlay>
        {active ? (
          <div className="w-72 rounded-md border border-brand-300 bg-white p-3 text-sm shadow-lg">
            <p className="font-medium text-slate-900">{active.name}</p>
            <p className="text-slate-600">{active.customerName}</p>
            <p className="font-semibold tabular-nums">{money(active.amount, active.currency)}</p>
          </div>
        ) : null}
      </DragOverlay>
      <ReasonDialog
        closing={closing}
        onCancel={() => setClosing(null)}
        onConfirm={(reason) => {
          if (!closing) return;
          move(closing.card, closing.stage.id, 0, reason);
          setClosing(null);
        }}
      />
    </DndContext>
  );
}

function CloseZone({ stage, label }: { stage: BoardStage; label: string }) {
  const { setNodeRef, isOver } = useDroppable({ id: `${CLOSE}${stage.id}` });
  return (
    <div
      ref={setNodeRef}
      className={cn(
        'rounded-md border-2 border-dashed px-6 py-2 text-sm font-medium',
        stage.isWon ? 'border-emerald-300 text-emerald-800' : 'border-red-300 text-red-800',
        isOver && (stage.isWon ? 'bg-emerald-50' : 'bg-red-50'),
      )}
    >
      {label}
    </div>
  );
}

function Column({
  column,
  hiddenOnPhone,
  money,
  onMore,
  children,
}: {
  column: BoardColumn;
  hiddenOnPhone: boolean;
  money: (amount: string) => string;
  onMore: () => Promise<string | null>;
  children: React.ReactNode;
}) {
  const t = useTranslations('pipeline.column');
  const heading = useId();
  const { setNodeRef, isOver } = useDroppable({ id: `${COLUMN}${column.stage.id}` });
  const [loading, startLoading] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const left = column.count - column.cards.length;
  return (
    <section
      ref={setNodeRef}
      aria-labelledby={heading}
      className={cn(
        'flex w-full shrink-0 flex-col rounded-lg bg-slate-100 p-2 sm:w-72',
        hiddenOnPhone && 'hidden sm:flex',
        isOver && 'ring-2 ring-brand-300',
      )}
    >
      <header className="px-1 pb-2">
        <h2 id={heading} className="flex items-baseline justify-between gap-2 text-sm font-semibold text-slate-900">
          <span>{column.stage.name}</span>
          <span className="text-xs font-normal text-slate-600">{t('count', { count: column.count })}</span>
        </h2>
        <p className="text-xs text-slate-600">
          {t('probability', { probability: column.stage.probability })} · {t('total', { amount: money(column.total) })}{' '}
          · {t('weighted', { amount: money(column.weighted) })}
        </p>
      </header>
      <SortableContext items={column.cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
        <ul className="flex min-h-16 flex-col gap-2">{children}</ul>
      </SortableContext>
      {column.cards.length === 0 ? <p className="px-1 py-3 text-sm text-slate-600">{t('empty')}</p> : null}
      {column.next && left > 0 ? (
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="mt-2"
          disabled={loading}
          onClick={() =>
            startLoading(async () => {
              setError(await onMore());
            })
          }
        >
          {loading ? t('loading') : t('more', { count: left })}
        </Button>
      ) : null}
      {error ? (
        <p role="alert" className="px-1 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function Card({
  card,
  stage,
  stages,
  now,
  money,
  showOwner,
  onMoveTo,
  dragging,
}: {
  card: BoardCard;
  stage: BoardStage;
  stages: BoardStage[];
  now: number;
  money: (amount: string, currency?: string) => string;
  showOwner: boolean;
  onMoveTo: (stageId: string) => void;
  dragging: boolean;
  index: number;
}) {
  const t = useTranslations('pipeline.card');
  const format = useFormatter();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({
    id: card.id,
    disabled: !card.canMove,
  });
  const days = Math.max(0, Math.floor((now - new Date(card.stageEnteredAt).getTime()) / DAY_MS));
  const rotting = stage.rottingDays !== null && days > stage.rottingDays;
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn(
        'rounded-md border bg-white p-2 text-sm shadow-xs',
        rotting ? 'border-amber-300' : 'border-slate-200',
        dragging && 'opacity-40',
      )}
    >
      <div className="flex items-start gap-1">
        {card.canMove ? (
          <button
            type="button"
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            aria-label={t('drag', { deal: card.name })}
            className="mt-0.5 cursor-grab touch-none rounded p-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            <Grip />
          </button>
        ) : null}
        <div className="min-w-0 flex-1 space-y-1">
          <p className="font-medium break-words">
            <Link href={`/deals/${card.id}`} className="text-slate-900 hover:text-brand-700 hover:underline">
              {card.name}
            </Link>
          </p>
          <Link href={`/customers/${card.customerId}`} className="block truncate text-brand-700 hover:underline">
            {card.customerName}
          </Link>
          <p className="flex flex-wrap items-baseline justify-between gap-x-2">
            <span className="font-semibold tabular-nums text-slate-900">{money(card.amount, card.currency)}</span>
            <span className="text-xs text-slate-600">
              {card.expectedCloseDate
                ? t('closeDate', {
                    date: format.dateTime(new Date(`${card.expectedCloseDate}T00:00:00Z`), {
                      dateStyle: 'medium',
                      timeZone: 'UTC',
                    }),
                  })
                : t('noCloseDate')}
            </span>
          </p>
          <p className="flex flex-wrap items-center gap-1 text-xs text-slate-600">
            {rotting ? (
              <Badge tone="amber" title={t('rotting', { days: stage.rottingDays ?? 0 })}>
                {t('daysInStage', { days })}
              </Badge>
            ) : (
              <span>{t('daysInStage', { days })}</span>
            )}
            {rotting ? <span className="sr-only">{t('rotting', { days: stage.rottingDays ?? 0 })}</span> : null}
          </p>
          {showOwner ? (
            <p className="text-xs text-slate-600">
              {card.ownerName ? t('owner', { name: card.ownerName }) : t('noOwner')}
            </p>
          ) : null}
          {card.canMove ? (
            <select
              aria-label={t('moveTo', { deal: card.name })}
              value=""
              onChange={(e) => {
                const to = stages[Number(e.target.value)];
                if (to) onMoveTo(to.id);
              }}
              className="mt-1 block h-7 w-full rounded-md border border-slate-300 bg-white px-2 text-xs text-slate-700"
            >
              <option value="" disabled>
                {t('moveHere')}
              </option>
              {/* Options by the stage's index, not its id: a hundred cards × six stage ids was 20 KB of HTML. */}
              {stages.map((s, i) =>
                s.id === stage.id ? null : (
                  <option key={s.id} value={i}>
                    {s.name}
                  </option>
                ),
              )}
            </select>
          ) : null}
        </div>
      </div>
    </li>
  );
}

function ReasonDialog({
  closing,
  onCancel,
  onConfirm,
}: {
  closing: Closing | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const t = useTranslations('pipeline.reason');
  const tv = useTranslations('validation');
  const [error, setError] = useState<string | null>(null);
  const won = closing?.stage.isWon ?? false;
  const hint = useId();
  return (
    <Dialog.Root
      open={closing !== null}
      onOpenChange={(open) => {
        if (!open) {
          setError(null);
          onCancel();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <Dialog.Title className="text-base font-semibold text-slate-900">
            {closing
              ? won
                ? t('wonTitle', { deal: closing.card.name })
                : t('lostTitle', { deal: closing.card.name })
              : ''}
          </Dialog.Title>
          <Dialog.Description id={hint} className="mt-1 text-sm text-slate-600">
            {t('hint')}
          </Dialog.Description>
          <form
            className="mt-4 space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
              if (!reason) {
                setError(tv('reasonRequired'));
                return;
              }
              setError(null);
              onConfirm(reason);
            }}
          >
            <label className="block text-sm">
              <span className="mb-1 block font-medium text-slate-800">{t('label')}</span>
              <Textarea
                name="reason"
                maxLength={200}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${hint}-error` : undefined}
                autoFocus
              />
            </label>
            {error ? (
              <p id={`${hint}-error`} className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary">
                  {t('cancel')}
                </Button>
              </Dialog.Close>
              <Button type="submit" variant={won ? 'primary' : 'danger'}>
                {won ? t('confirmWon') : t('confirmLost')}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The drag handle's dots: one path, where lucide's GripVertical is six circles (half a kilobyte a card). */
function Grip() {
  return (
    <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor">
      <path d="M9 4h2v2H9zm4 0h2v2h-2zM9 11h2v2H9zm4 0h2v2h-2zM9 18h2v2H9zm4 0h2v2h-2z" />
    </svg>
  );
}
