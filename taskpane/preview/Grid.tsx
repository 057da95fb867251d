import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import { cellAddress, colName, parseRange, rectAddress, type Rect } from '../../addin/workbook/a1';
import { useT } from '../i18n';
import { cellAlign, formatCell } from './numfmt';

const ROW_H = 22;
const HEAD_W = 44;
const DEFAULT_COL_PX = 72;
const MAX_RENDER_ROWS = 1000;
const MAX_RENDER_COLS = 60;

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
    minHeight: 0,
    height: '100%',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  formulaBar: {
    display: 'flex',
    alignItems: 'center',
    gap: '8px',
    minHeight: '28px',
    padding: '0 8px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    fontSize: tokens.fontSizeBase200,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  nameBox: {
    minWidth: '72px',
    padding: '2px 6px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusSmall,
    fontVariantNumeric: 'tabular-nums',
  },
  scroller: {
    flexGrow: 1,
    overflow: 'auto',
    position: 'relative',
    outline: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  table: {
    borderCollapse: 'separate',
    borderSpacing: 0,
    tableLayout: 'fixed',
    fontSize: '13px',
    fontFamily: tokens.fontFamilyBase,
    userSelect: 'none',
  },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    height: `${ROW_H}px`,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    fontWeight: tokens.fontWeightRegular,
    textAlign: 'center',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    padding: 0,
  },
  rowHead: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    textAlign: 'center',
    borderRight: `1px solid ${tokens.colorNeutralStroke1}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    padding: 0,
    fontVariantNumeric: 'tabular-nums',
  },
  corner: { left: 0, zIndex: 3 },
  headSel: { backgroundColor: tokens.colorNeutralBackground3Selected, color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  cell: {
    height: `${ROW_H - 1}px`,
    padding: '0 4px',
    borderRight: `1px solid ${tokens.colorNeutralStroke3}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'clip',
    position: 'relative',
    cursor: 'cell',
    fontVariantNumeric: 'tabular-nums',
  },
  filled: { color: '#000000' },
  bold: { fontWeight: tokens.fontWeightBold },
  selected: {
    boxShadow: `inset 0 0 0 9999px ${tokens.colorBrandBackground2}`,
  },
  selectedFilled: {
    boxShadow: 'inset 0 0 0 9999px rgba(15, 108, 189, 0.18)',
  },
  active: {
    outline: `2px solid ${tokens.colorBrandStroke1}`,
    outlineOffset: '-2px',
  },
  /** Text running on over empty neighbours hides their gridlines, as in Excel. */
  spill: {
    position: 'relative',
    zIndex: 1,
    paddingRight: '3px',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  noteMark: {
    position: 'absolute',
    top: 0,
    right: 0,
    width: 0,
    height: 0,
    borderTop: '7px solid #C00000',
    borderLeft: '7px solid transparent',
  },
  tabs: {
    display: 'flex',
    flexWrap: 'nowrap',
    overflowX: 'auto',
    gap: '2px',
    padding: '0 8px',
    borderTop: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    minHeight: '32px',
    alignItems: 'stretch',
  },
  tab: {
    border: 'none',
    borderBottom: '3px solid transparent',
    background: 'transparent',
    color: tokens.colorNeutralForeground2,
    padding: '4px 12px',
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    whiteSpace: 'nowrap',
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  tabActive: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForeground1,
    borderBottom: `3px solid ${tokens.colorBrandStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  empty: { padding: '16px', color: tokens.colorNeutralForeground3 },
});

/** Re-render on every change of the workbook (the store coalesces a batch into one event). */
function useWorkbookVersion(workbook: MemoryWorkbook): number {
  const version = useRef(0);
  const subscribe = useCallback(
    (cb: () => void) =>
      workbook.onChange(() => {
        version.current++;
        cb();
      }),
    [workbook],
  );
  return useSyncExternalStore(subscribe, () => version.current);
}

function within(r: Rect | null, row: number, col: number): boolean {
  return !!r && row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}

/**
 * A spreadsheet-like view of the in-memory workbook: sheet tabs, column letters, row
 * numbers, values shown through their number formats, fills and note markers (hover for
 * the note). Click, shift-click, drag or arrow keys select, and the selection goes into
 * the workbook, so the pane's "use the selected range" reads it as Excel would.
 */
export function Grid({ workbook }: { workbook: MemoryWorkbook }) {
  const s = useStyles();
  const { t, lang } = useT();
  useWorkbookVersion(workbook);
  const [anchor, setAnchor] = useState<{ row: number; col: number } | null>(null);
  const dragging = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);

  const sheetName = workbook.activeSheet;
  const sheet = sheetName ? workbook.getSheet(sheetName) : undefined;
  const sel = workbook.selection;
  const selRect = sel && sheet && sel.sheet === sheet.name ? parseRange(sel.range) : null;
  const activeCell = selRect ? anchor && within(selRect, anchor.row, anchor.col) ? anchor : { row: selRect.top, col: selRect.left } : null;

  useEffect(() => {
    const up = () => (dragging.current = false);
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  if (!sheet) return <div className={s.root}><div className={s.empty}>{t.emptySheet}</div></div>;

  const used = sheet.usedRange();
  const nRows = Math.min(MAX_RENDER_ROWS, Math.max((used?.bottom ?? 0) + 6, 40, (selRect?.bottom ?? 0) + 2));
  const nCols = Math.min(MAX_RENDER_COLS, Math.max((used?.right ?? 0) + 3, 10, (selRect?.right ?? 0) + 2));
  const colPx = (c: number) => {
    const pt = sheet.columnWidths.get(c);
    return pt ? Math.max(24, Math.round((pt * 4) / 3)) : DEFAULT_COL_PX;
  };

  const select = (rect: Rect) => workbook.setSelection(sheet.name, rectAddress(rect));
  const rectOf = (a: { row: number; col: number }, b: { row: number; col: number }): Rect => ({
    top: Math.min(a.row, b.row),
    bottom: Math.max(a.row, b.row),
    left: Math.min(a.col, b.col),
    right: Math.max(a.col, b.col),
  });

  const onCellDown = (e: MouseEvent, row: number, col: number) => {
    e.preventDefault();
    scroller.current?.focus({ preventScroll: true });
    if (e.shiftKey && activeCell) {
      select(rectOf(activeCell, { row, col }));
    } else {
      setAnchor({ row, col });
      select({ top: row, bottom: row, left: col, right: col });
    }
    dragging.current = true;
  };
  const onCellEnter = (row: number, col: number) => {
    if (dragging.current && activeCell) select(rectOf(activeCell, { row, col }));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const base = activeCell ?? { row: 0, col: 0 };
    if (e.shiftKey && selRect) {
      // extend the far corner
      const far = {
        row: selRect.top === base.row ? selRect.bottom : selRect.top,
        col: selRect.left === base.col ? selRect.right : selRect.left,
      };
      const next = { row: Math.max(0, far.row + m[0]), col: Math.max(0, far.col + m[1]) };
      select(rectOf(base, next));
    } else {
      const next = { row: Math.max(0, base.row + m[0]), col: Math.max(0, base.col + m[1]) };
      setAnchor(next);
      select({ top: next.row, bottom: next.row, left: next.col, right: next.col });
    }
  };

  const activeAddress = selRect ? rectAddress(selRect) : '';
  const activeValue = activeCell ? sheet.get(activeCell.row, activeCell.col) : null;

  const rows = [];
  for (let r = 0; r < nRows; r++) {
    if (sheet.hiddenRows.has(r)) continue;
    const cells = [];
    for (let c = 0; c < nCols; c++) {
      const cell = sheet.get(r, c);
      const text = formatCell(cell.value, cell.numberFormat, lang);
      const note = cell.note ?? cell.comment ?? null;
      const isSel = within(selRect, r, c);
      const isActive = !!activeCell && activeCell.row === r && activeCell.col === c;
      // Like Excel, left-aligned text runs on over empty cells to its right.
      const spills = typeof cell.value === 'string' && cellAlign(cell.value) === 'left' && c + 1 < nCols && sheet.get(r, c + 1).value === null;
      cells.push(
        <td
          key={c}
          className={mergeClasses(
            s.cell,
            cell.fill ? s.filled : undefined,
            cell.bold && s.bold,
            isSel && (cell.fill ? s.selectedFilled : s.selected),
            isActive && s.active,
          )}
          style={{
            textAlign: cellAlign(cell.value),
            ...(cell.fill ? { backgroundColor: cell.fill } : null),
            ...(spills ? { overflow: 'visible' } : null),
          }}
          data-cell={cellAddress(r, c)}
          data-fill={cell.fill ?? undefined}
          data-note={note ?? undefined}
          data-format={cell.numberFormat !== 'General' ? cell.numberFormat : undefined}
          title={note ?? undefined}
          aria-selected={isSel || undefined}
          onMouseDown={(e) => onCellDown(e, r, c)}
          onMouseEnter={() => onCellEnter(r, c)}
        >
          {spills ? (
            // A filled cell keeps its fill behind its own text (the span hides the gridlines only).
            <span className={s.spill} style={cell.fill ? { backgroundColor: cell.fill } : undefined}>
              {text}
            </span>
          ) : (
            text
          )}
          {note && <span className={s.noteMark} aria-hidden="true" />}
        </td>,
      );
    }
    rows.push(
      <tr key={r} data-row={r + 1}>
        <th scope="row" className={mergeClasses(s.rowHead, !!selRect && r >= selRect.top && r <= selRect.bottom && s.headSel)}>
          {r + 1}
        </th>
        {cells}
      </tr>,
    );
  }

  return (
    <div className={s.root} data-testid="grid" data-sheet={sheet.name}>
      <div className={s.formulaBar}>
        <span className={s.nameBox} data-testid="name-box" aria-label={t.selectionLabel(activeAddress)}>
          {activeAddress || '\u00A0'}
        </span>
        <span>{activeValue && activeValue.value !== null ? String(activeValue.value) : ''}</span>
      </div>
      <div
        ref={scroller}
        className={s.scroller}
        tabIndex={0}
        role="grid"
        aria-label={t.gridLabel(sheet.name)}
        aria-multiselectable="true"
        onKeyDown={onKeyDown}
      >
        <table className={s.table} style={{ width: HEAD_W + Array.from({ length: nCols }, (_, c) => colPx(c)).reduce((a, b) => a + b, 0) }}>
          <colgroup>
            <col style={{ width: HEAD_W }} />
            {Array.from({ length: nCols }, (_, c) => (
              <col key={c} style={{ width: colPx(c) }} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th className={mergeClasses(s.head, s.corner)} />
              {Array.from({ length: nCols }, (_, c) => (
                <th key={c} scope="col" className={mergeClasses(s.head, !!selRect && c >= selRect.left && c <= selRect.right && s.headSel)}>
                  {colName(c)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
      <div className={s.tabs} role="tablist" aria-label={t.sheetTabs}>
        {workbook.sheets
          .filter((x) => x.visibility === 'Visible')
          .map((x) => (
            <button
              key={x.name}
              type="button"
              role="tab"
              aria-selected={x.name === sheet.name}
              className={mergeClasses(s.tab, x.name === sheet.name && s.tabActive)}
              data-testid="sheet-tab"
              data-sheet={x.name}
              onClick={() => {
                setAnchor(null);
                workbook.setActive(x.name);
              }}
            >
              {x.name}
            </button>
          ))}
      </div>
    </div>
  );
}
