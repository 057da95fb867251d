/** Charts: series derived from the source as Excel derives them, categories, position, title. */
import { MemorySheet, type ChartSpec } from '../../addin/workbook/memory';
import type { CellValue } from '../../addin/workbook/port';
import { parseRange, rectAddress, splitSheet, MAX_COLS, type Rect } from '../../addin/core/a1';
import { Ctx, FakeOfficeError, P, protectedSheet } from './context';
import { WorksheetP } from './worksheet';
import { RangeP, cols, rangeOrThrow, rows, validRect } from './range';

export class ChartCollectionP extends P<MemorySheet> {
  protected cls = 'ChartCollection';
  constructor(
    ctx: Ctx,
    private readonly ws: WorksheetP,
  ) {
    super(ctx, null, null);
  }
  protected override target(): MemorySheet {
    return this.ws._sheet();
  }
  protected fetch(): unknown {
    return undefined;
  }
  /**
   * Like Excel (ChartCollection.add, ExcelApi 1.1): the chart plots every column (seriesBy
   * "Columns"; "Auto" when the source has at least as many rows as columns) or every row of
   * its source as a series, except the leading columns (rows) of text, which become the
   * categories; a header row (column) of text names the series and is not plotted. The new
   * chart is placed where Excel puts it, over the source's top-left corner (8 columns × 15
   * rows, about Excel's default 360 × 216 pt), until Chart.setPosition moves it.
   */
  add(type: string, sourceData: RangeP, seriesBy: string = 'Auto'): ChartP {
    return new ChartP(this.context, { m: 'charts.add', ws: this.ws._id, type, source: sourceData._id, seriesBy }, () => {
      const s = this.ws._sheet();
      if (s.protected) throw protectedSheet(s);
      if (!CHART_TYPES.has(String(type))) throw new FakeOfficeError('InvalidArgument', `The argument is invalid or missing or has an incorrect format. (chart type '${type}')`);
      if (!['Auto', 'Columns', 'Rows'].includes(seriesBy)) throw new FakeOfficeError('InvalidArgument', `Bad seriesBy '${seriesBy}'`);
      const t = sourceData._t();
      if (t.sheet !== s) throw new FakeOfficeError('InvalidArgument', 'The chart source is on another sheet.');
      const series = deriveSeries(s, t.rect, seriesBy === 'Rows' || (seriesBy === 'Auto' && cols(t.rect) > rows(t.rect)) ? 'Rows' : 'Columns');
      const position = rectAddress({ top: t.rect.top, left: t.rect.left, bottom: t.rect.top + 14, right: Math.min(MAX_COLS - 1, t.rect.left + 7) });
      const spec: ChartSpec = { type: String(type), title: '', ranges: [rectAddress(t.rect)], series, position };
      s.charts.push(spec);
      s.touch();
      return { sheet: s, spec };
    });
  }
}

export const CHART_TYPES = new Set(['BarClustered', 'BarStacked', 'ColumnClustered', 'ColumnStacked', 'Pie', 'Line', 'Area', 'XYScatter', 'Doughnut']);

export const isText = (v: CellValue) => typeof v === 'string' && v !== '';

/** The series Excel derives from a chart's source (see ChartCollectionP.add). */
export function deriveSeries(s: MemorySheet, r: Rect, by: 'Columns' | 'Rows'): { values: string; categories?: string }[] {
  const at = (i: number, j: number) => (by === 'Columns' ? s.get(r.top + i, r.left + j).value : s.get(r.top + j, r.left + i).value);
  const nLines = by === 'Columns' ? cols(r) : rows(r); // candidate series
  const nPoints = by === 'Columns' ? rows(r) : cols(r);
  // A header (first row for columns) of text above numbers names the series.
  let header = 0;
  if (nPoints > 1 && Array.from({ length: nLines }, (_, k) => at(0, k)).every((v) => v === null || isText(v)) && Array.from({ length: nLines }, (_, k) => at(1, k)).some((v) => typeof v === 'number')) header = 1;
  // Leading lines whose points are all text (or empty) are the categories.
  let cat = 0;
  while (cat < nLines - 1 && Array.from({ length: nPoints - header }, (_, p) => at(p + header, cat)).every((v) => v === null || isText(v))) cat++;
  const line = (k: number): string =>
    by === 'Columns'
      ? rectAddress({ top: r.top + header, bottom: r.bottom, left: r.left + k, right: r.left + k })
      : rectAddress({ top: r.top + k, bottom: r.top + k, left: r.left + header, right: r.right });
  const categories =
    cat === 0
      ? undefined
      : by === 'Columns'
        ? rectAddress({ top: r.top + header, bottom: r.bottom, left: r.left, right: r.left + cat - 1 })
        : rectAddress({ top: r.top, bottom: r.top + cat - 1, left: r.left + header, right: r.right });
  const out: { values: string; categories?: string }[] = [];
  for (let k = cat; k < nLines; k++) out.push({ values: line(k), ...(categories ? { categories } : {}) });
  return out;
}

export type ChartT = { sheet: MemorySheet; spec: ChartSpec };

/** A cell or range on the chart's sheet, for setPosition / setXAxisValues. */
export function rectOn(sheet: MemorySheet, where: string | RangeP, what: string): Rect {
  if (where instanceof RangeP) {
    const t = where._t();
    if (t.sheet !== sheet) throw new FakeOfficeError('InvalidArgument', `${what}: the range is on another sheet.`);
    return t.rect;
  }
  const { sheet: name, local } = splitSheet(String(where));
  if (name !== null && name.toLowerCase() !== sheet.name.toLowerCase()) throw new FakeOfficeError('InvalidArgument', `${what}: ${String(where)} is on another sheet.`);
  return rangeOrThrow(local);
}

export class ChartP extends P<ChartT> {
  protected cls = 'Chart';
  protected override scalarProps = ['name'];
  readonly title: ChartTitleP;
  readonly series: ChartSeriesCollectionP;
  constructor(ctx: Ctx, desc: unknown, make: () => ChartT) {
    super(ctx, desc, make);
    this.title = new ChartTitleP(ctx, this);
    this.series = new ChartSeriesCollectionP(ctx, this);
  }
  protected fetch(prop: string, t: ChartT): unknown {
    if (prop === 'name') return `Chart ${t.sheet.charts.indexOf(t.spec) + 1}`;
    throw new FakeOfficeError('InvalidArgument', `Chart.${prop} is not emulated`);
  }
  /** @internal */
  _c(): ChartT {
    return this.target();
  }
  /** Chart.setPosition (ExcelApi 1.1): moved to startCell; sized to cover endCell when given, else the same size. */
  setPosition(startCell: string | RangeP, endCell?: string | RangeP): void {
    this.call('chart.setPosition', [startCell instanceof RangeP ? startCell._id : startCell, endCell instanceof RangeP ? endCell._id : endCell], (t) => {
      const a = rectOn(t.sheet, startCell, 'setPosition');
      const old = parseRange(t.spec.position ?? 'A1:H15');
      const b = endCell === undefined ? { top: a.top + rows(old) - 1, left: a.left + cols(old) - 1, bottom: a.top + rows(old) - 1, right: a.left + cols(old) - 1 } : rectOn(t.sheet, endCell, 'setPosition');
      const box = { top: Math.min(a.top, b.top), left: Math.min(a.left, b.left), bottom: Math.max(a.bottom, b.bottom), right: Math.max(a.right, b.right) };
      validRect(box);
      t.spec.position = rectAddress(box);
      t.sheet.touch();
    });
  }
}

/** Chart.series (ExcelApi 1.1; setValues/setXAxisValues 1.7). */
export class ChartSeriesCollectionP extends P<ChartT> {
  protected cls = 'ChartSeriesCollection';
  protected override scalarProps = ['count'];
  constructor(
    ctx: Ctx,
    private readonly chart: ChartP,
  ) {
    super(ctx, null, null);
  }
  protected override target(): ChartT {
    return this.chart._c();
  }
  protected fetch(prop: string, t: ChartT): unknown {
    if (prop === 'count') return t.spec.series?.length ?? 0;
    throw new FakeOfficeError('InvalidArgument', `ChartSeriesCollection.${prop} is not emulated`);
  }
  get count(): number {
    return this.get_('count');
  }
  getItemAt(index: number): ChartSeriesP {
    return new ChartSeriesP(this.context, { m: 'series.getItemAt', c: this.chart._id, index }, () => {
      const t = this.chart._c();
      const list = (t.spec.series ??= []);
      if (!Number.isInteger(index) || index < 0 || index >= list.length) throw new FakeOfficeError('ItemNotFound', `The chart has no series ${index}.`);
      return { chart: t, index };
    });
  }
  add(name?: string): ChartSeriesP {
    this.context.need('1.7', 'ChartSeriesCollection.add');
    return new ChartSeriesP(this.context, { m: 'series.add', c: this.chart._id, name }, () => {
      const t = this.chart._c();
      const list = (t.spec.series ??= []);
      list.push({ values: '' });
      t.sheet.touch();
      return { chart: t, index: list.length - 1 };
    });
  }
}

export class ChartSeriesP extends P<{ chart: ChartT; index: number }> {
  protected cls = 'ChartSeries';
  protected fetch(prop: string): unknown {
    throw new FakeOfficeError('InvalidArgument', `ChartSeries.${prop} is not emulated`);
  }
  private entry(t: { chart: ChartT; index: number }) {
    const e = t.chart.spec.series?.[t.index];
    if (!e) throw new FakeOfficeError('ItemNotFound', 'The series was deleted.');
    return e;
  }
  setValues(sourceData: RangeP): void {
    this.context.need('1.7', 'ChartSeries.setValues');
    this.call('series.setValues', [sourceData._id], (t) => {
      this.entry(t).values = rectAddress(rectOn(t.chart.sheet, sourceData, 'setValues'));
      t.chart.sheet.touch();
    });
  }
  setXAxisValues(sourceData: RangeP): void {
    this.context.need('1.7', 'ChartSeries.setXAxisValues');
    this.call('series.setXAxisValues', [sourceData._id], (t) => {
      this.entry(t).categories = rectAddress(rectOn(t.chart.sheet, sourceData, 'setXAxisValues'));
      t.chart.sheet.touch();
    });
  }
  delete(): void {
    this.context.need('1.7', 'ChartSeries.delete');
    this.call('series.delete', [], (t) => {
      this.entry(t);
      t.chart.spec.series!.splice(t.index, 1);
      t.chart.sheet.touch();
    });
  }
}

export class ChartTitleP extends P<ChartT> {
  protected cls = 'ChartTitle';
  protected override scalarProps = ['text'];
  constructor(
    ctx: Ctx,
    private readonly chart: ChartP,
  ) {
    super(ctx, null, null);
  }
  protected override target(): ChartT {
    return this.chart._c();
  }
  protected fetch(prop: string, t: ChartT): unknown {
    if (prop === 'text') return t.spec.title;
    throw new FakeOfficeError('InvalidArgument', `ChartTitle.${prop} is not emulated`);
  }
  get text(): string {
    return this.get_('text');
  }
  set text(v: string) {
    this.set_('text', v, (t) => {
      t.spec.title = String(v);
      t.sheet.touch();
    });
  }
}
