// Table columns that fit a panel's width: the required ones always, the
// optional ones while they fit, and the spare width to the name column.

export interface Column<R> {
  title: string;
  /** Width at the narrowest, gap included. */
  width: number;
  /** Left-aligned (a name) instead of right-aligned (a number). */
  left?: boolean;
  /** A left column may widen up to this, taking the spare width. */
  maxWidth?: number;
  /** Shown only when the panel has room; lower numbers first. */
  optional?: number;
  cell: (row: R) => string;
}

export interface Fitted<R> {
  columns: (Column<R> & { shown: number })[];
  width: number;
}

/** The columns of @all that fit @width, in their given order. */
export function fitColumns<R>(all: readonly Column<R>[], width: number): Fitted<R> {
  const chosen = new Set(all.filter((c) => c.optional === undefined));
  let used = [...chosen].reduce((sum, c) => sum + c.width, 0);
  const optional = all.filter((c) => c.optional !== undefined).sort((a, b) => a.optional! - b.optional!);
  for (const c of optional) {
    if (used + c.width > width) break;
    chosen.add(c);
    used += c.width;
  }
  let spare = Math.max(0, width - used);
  const columns = all
    .filter((c) => chosen.has(c))
    .map((c) => {
      const grow = c.maxWidth !== undefined ? Math.min(spare, c.maxWidth - c.width) : 0;
      spare -= Math.max(0, grow);
      return { ...c, shown: c.width + Math.max(0, grow) };
    });
  return { columns, width: columns.reduce((sum, c) => sum + c.shown, 0) };
}

function cellText(text: string, width: number, left: boolean | undefined): string {
  if (left) return text.slice(0, width - 1).padEnd(width);
  return text.length >= width ? ` ${text}` : text.padStart(width);
}

export function formatHeader<R>(fitted: Fitted<R>): string {
  return fitted.columns.map((c) => cellText(c.title, c.shown, c.left)).join('');
}

export function formatCells<R>(fitted: Fitted<R>, row: R): string {
  return fitted.columns.map((c) => cellText(c.cell(row), c.shown, c.left)).join('');
}
