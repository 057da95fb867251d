import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent, type MouseEvent } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { MemoryWorkbook } from '../../addin/workbook/memory';
import { cellAddress, colName, parseRange, rectAddress, type Rect } from '../../addin/core/a1';
import { useT } from '../i18n';
import { cellAlign, formatCell } from './numfmt';
import { editText, parseClipboard, parseEntry, toClipboard } from './input';
import { toInvariant, toLocal } from './formulas/localize';

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
  editor: {
    position: 'absolute',
    inset: 0,
    zIndex: 4,
    width: '100%',
    height: '100%',
    boxSizing: 'border-box',
    border: `2px solid ${tokens.colorBrandStroke1}`,
    padding: '0 2px',
    font: 'inherit',
    fontSize: '13px',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    outline: 'none',
  },
  formulaText: { overflow: 'hidden', textOverflow: 'ellipsis' },
  resizer: {
    position: 'absolute',
    top: 0,
    right: '-3px',
    width: '6px',
    height: '100%',
    cursor: 'col-resize',
    zIndex: 3,
  },
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
export function Grid({ workbook, formulaMessage }: { workbook: MemoryWorkbook; formulaMessage?: (sheet: string, row: number, col: number) => string | undefined }) {
  const s = useStyles();
  const { t, lang } = useT();
  useWorkbookVersion(workbook);
  const [anchor, setAnchor] = useState<{ row: number; col: number } | null>(null);
  const dragging = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const tabsRef = useRef<HTMLDivElement>(null);
  // The cell being edited (typing, F2 or double-click) and its text; committed on Enter/Tab/blur.
  const [editing, setEditingState] = useState<{ sheet: string; row: number; col: number; text: string } | null>(null);
  // The editor's state as of now (blur fires during Enter/Escape handling, before React re-renders).
  const editRef = useRef<typeof editing>(null);
  const setEditing = (e: typeof editing) => {
    editRef.current = e;
    setEditingState(e);
  };
  const resizing = useRef<{ col: number; startX: number; startPx: number } | null>(null);

  const sheetName = workbook.activeSheet;
  const sheet = sheetName ? workbook.getSheet(sheetName) : undefined;
  const sel = workbook.selection;
  const selRect = sel && sheet && sel.sheet === sheet.name ? parseRange(sel.range) : null;
  const activeCell = selRect ? anchor && within(selRect, anchor.row, anchor.col) ? anchor : { row: selRect.top, col: selRect.left } : null;

  useEffect(() => {
    const up = () => {
      dragging.current = false;
      resizing.current = null;
    };
    const move = (e: globalThis.MouseEvent) => {
      const r = resizing.current;
      const sh = workbook.activeSheet ? workbook.getSheet(workbook.activeSheet) : undefined;
      if (!r || !sh) return;
      const px = Math.max(24, r.startPx + e.clientX - r.startX);
      sh.setColumnWidth(r.col, Math.round((px * 3) / 4));
    };
    window.addEventListener('mouseup', up);
    window.addEventListener('mousemove', move);
    return () => {
      window.removeEventListener('mouseup', up);
      window.removeEventListener('mousemove', move);
    };
  }, [workbook]);

  // Another sheet: it opens at A1 (scrolled to the top left) with its tab in view.
  useEffect(() => {
    editRef.current = null;
    setEditingState(null);
    scroller.current?.scrollTo?.({ top: 0, left: 0 });
    tabsRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }, [sheetName]);

  // A selection made elsewhere (a finding's link, the pane's "go to cell") is scrolled into view.
  const selKey = sel ? `${sel.sheet}!${sel.range}` : '';
  useEffect(() => {
    if (!selRect) return;
    const td = scroller.current?.querySelector(`td[data-cell="${cellAddress(selRect.top, selRect.left)}"]`);
    td?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey]);

  // Clipboard events reach the document when the grid (not a text field) has the focus.
  const handlers = useRef<{ onCopy?: (e: ClipboardEvent) => void; onPaste?: (e: ClipboardEvent) => void }>({});
  useEffect(() => {
    const inGrid = () => !!scroller.current && scroller.current.contains(document.activeElement) && !(document.activeElement instanceof HTMLInputElement);
    const copy = (e: ClipboardEvent) => inGrid() && handlers.current.onCopy?.(e);
    const paste = (e: ClipboardEvent) => inGrid() && handlers.current.onPaste?.(e);
    document.addEventListener('copy', copy);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('copy', copy);
      document.removeEventListener('paste', paste);
    };
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

  /** Write one entry as typed (Swedish input: "72,5 %", "2 374 550", dates) into a cell. */
  const commit = (ed: { sheet: string; row: number; col: number; text: string }) => {
    // A formula is stored in Excel's invariant form (Range.formulas); the preview's calculation gives its value.
    const formula = toInvariant(ed.text, lang);
    if (formula) return workbook.setCell(ed.sheet, ed.row, ed.col, { value: null, formula });
    const entry = parseEntry(ed.text, lang);
    workbook.setCell(ed.sheet, ed.row, ed.col, entry.numberFormat === undefined ? { value: entry.value } : { value: entry.value, numberFormat: entry.numberFormat });
  };
  const moveTo = (row: number, col: number) => {
    const next = { row: Math.max(0, row), col: Math.max(0, col) };
    setAnchor(next);
    select({ top: next.row, bottom: next.row, left: next.col, right: next.col });
  };
  const startEdit = (text: string | null) => {
    if (!activeCell) return;
    const cell = sheet.get(activeCell.row, activeCell.col);
    setEditing({ sheet: sheet.name, row: activeCell.row, col: activeCell.col, text: text ?? (cell.formula ? toLocal(cell.formula, lang) : editText(cell.value, cell.numberFormat, lang)) });
  };
  const finishEdit = (move: [number, number] | null) => {
    const ed = editRef.current;
    if (!ed) return;
    setEditing(null);
    workbook.batch(() => commit(ed));
    if (move) moveTo(ed.row + move[0], ed.col + move[1]);
    scroller.current?.focus({ preventScroll: true });
  };
  const onEditorKey = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    if (e.key === 'Enter') {
      e.preventDefault();
      finishEdit([e.shiftKey ? -1 : 1, 0]);
    } else if (e.key === 'Tab') {
      e.preventDefault();
      finishEdit([0, e.shiftKey ? -1 : 1]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(null);
      scroller.current?.focus({ preventScroll: true });
    }
  };

  const onCellDown = (e: MouseEvent, row: number, col: number) => {
    if (editing && editing.row === row && editing.col === col) return; // clicks inside the editor
    if (editing) finishEdit(null);
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
    if (editing) return;
    if (e.key === 'F2') {
      e.preventDefault();
      startEdit(null);
      return;
    }
    if ((e.key === 'Delete' || e.key === 'Backspace') && selRect) {
      e.preventDefault();
      workbook.batch(() => {
        for (let r = selRect.top; r <= selRect.bottom; r++) for (let c = selRect.left; c <= selRect.right; c++) workbook.setCell(sheet.name, r, c, { value: null });
      });
      return;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      const base = activeCell ?? { row: 0, col: 0 };
      if (e.key === 'Enter') moveTo(base.row + (e.shiftKey ? -1 : 1), base.col);
      else moveTo(base.row, base.col + (e.shiftKey ? -1 : 1));
      return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Typing replaces the cell's content, as in Excel.
      e.preventDefault();
      startEdit(e.key);
      return;
    }
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

  const onCopy = (e: ClipboardEvent) => {
    if (!selRect || editing) return;
    const block = [];
    for (let r = selRect.top; r <= selRect.bottom; r++) {
      const row = [];
      for (let c = selRect.left; c <= selRect.right; c++) row.push(sheet.get(r, c));
      block.push(row);
    }
    e.clipboardData?.setData('text/plain', toClipboard(block, lang));
    e.preventDefault();
  };
  const onPaste = (e: ClipboardEvent) => {
    if (!activeCell || editing) return;
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (text === '') return;
    e.preventDefault();
    const rows = parseClipboard(text);
    const top = selRect?.top ?? activeCell.row;
    const left = selRect?.left ?? activeCell.col;
    workbook.batch(() => {
      rows.forEach((r, i) => r.forEach((v, j) => commit({ sheet: sheet.name, row: top + i, col: left + j, text: v })));
    });
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
    select({ top, left, bottom: top + rows.length - 1, right: left + width - 1 });
  };
  handlers.current = { onCopy, onPaste };

  const rows = [];
  for (let r = 0; r < nRows; r++) {
    if (sheet.hiddenRows.has(r)) continue;
    const cells = [];
    for (let c = 0; c < nCols; c++) {
      const cell = sheet.get(r, c);
      const text = formatCell(cell.value, cell.numberFormat, lang);
      const note = cell.note ?? cell.comment ?? null;
      const problem = cell.formula ? formulaMessage?.(sheet.name, r, c) : undefined;
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
          data-formula={cell.formula}
          data-error={problem}
          title={note ?? problem ?? undefined}
          aria-selected={isSel || undefined}
          onMouseDown={(e) => onCellDown(e, r, c)}
          onMouseEnter={() => onCellEnter(r, c)}
          onDoubleClick={() => startEdit(null)}
        >
          {editing && editing.sheet === sheet.name && editing.row === r && editing.col === c && (
            <input
              className={s.editor}
              data-testid="cell-editor"
              aria-label={t.selectionLabel(cellAddress(r, c))}
              autoFocus
              value={editing.text}
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
              onKeyDown={onEditorKey}
              onBlur={() => finishEdit(null)}
              onMouseDown={(e) => e.stopPropagation()}
            />
          )}
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
        <span className={s.formulaText} data-testid="formula-bar">
          {editing ? editing.text : activeValue ? (activeValue.formula ? toLocal(activeValue.formula, lang) : editText(activeValue.value, activeValue.numberFormat, lang)) : ''}
        </span>
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
                  <span
                    className={s.resizer}
                    data-testid="col-resizer"
                    data-col={colName(c)}
                    aria-hidden="true"
                    onMouseDown={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      resizing.current = { col: c, startX: e.clientX, startPx: colPx(c) };
                    }}
                  />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{rows}</tbody>
        </table>
      </div>
      <div ref={tabsRef} className={s.tabs} role="tablist" aria-label={t.sheetTabs}>
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
